package com.shop.orders;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class OrdersApplication {

    private static final Map<String, String> ORDERS = Map.of("1001", "shipped", "1002", "packing");

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @GetMapping("/")
    public String index() {
        return "orders ok\n";
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<String> order(@PathVariable String id) {
        String status = ORDERS.get(id);
        return status == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(status);
    }
}
