package com.example.guide;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GuideController {

    @GetMapping("/")
    public String index() {
        return "guide ok\n";
    }

    // Fails on purpose, as spring-petclinic's /oups does: a 500 here is the app working.
    @GetMapping("/oups")
    public String triggerException() {
        throw new RuntimeException("Expected: this route shows what an exception looks like");
    }
}
