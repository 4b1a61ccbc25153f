package org.acme.notes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/notes")
public class NoteController {

    private final List<String> notes = new CopyOnWriteArrayList<>();

    @GetMapping
    public List<String> list() {
        return notes;
    }

    @PostMapping
    public String add(@RequestBody String note) {
        notes.add(note);
        return note;
    }
}
