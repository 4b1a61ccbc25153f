package com.example.greeter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class GreeterApplication {

    public static void main(String[] args) {
        SpringApplication.run(GreeterApplication.class, args);
    }

    // The JVM's own version in the body: the image runs the Java the pom asks for.
    @GetMapping("/")
    public String index() {
        return "greeter on Java " + Runtime.version().feature() + "\n";
    }
}
