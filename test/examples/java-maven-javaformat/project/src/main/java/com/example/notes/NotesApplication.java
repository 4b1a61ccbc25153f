package com.example.notes;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class NotesApplication {

	private static final Map<String, String> NOTES = Map.of("1", "buy milk", "2", "call home");

	public static void main(String[] args) {
		SpringApplication.run(NotesApplication.class, args);
	}

	@GetMapping("/")
	public String index() {
		return "notes ok\n";
	}

	@GetMapping("/notes/{id}")
	public ResponseEntity<String> note(@PathVariable String id) {
		String text = NOTES.get(id);
		return (text != null) ? ResponseEntity.ok(text) : ResponseEntity.notFound().build();
	}

}
