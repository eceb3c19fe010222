package com.example.promo.timesale.product.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.web.PageResponse;
import com.example.promo.timesale.product.CreateProductRequest;
import com.example.promo.timesale.product.Product;
import com.example.promo.timesale.product.Products;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Products: create (admin, enforced by the application's {@code AdminEndpoints}), read
 * and list (any user).
 */
@RestController
@RequestMapping("/api/timesales/products")
@Tag(name = "Products")
class ProductController {

	private final Products products;

	ProductController(Products products) {
		this.products = products;
	}

	@PostMapping
	@Operation(summary = "Create a product (admin)")
	ResponseEntity<ProductResponse> create(@Valid @RequestBody CreateProductRequest request) {
		Product product = this.products.create(request);
		return ResponseEntity.created(URI.create("/api/timesales/products/" + product.id()))
			.body(ProductResponse.of(product));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A product")
	ProductResponse get(@PathVariable long id) {
		return ProductResponse.of(this.products.get(id));
	}

	@GetMapping
	@Operation(summary = "Products, newest first")
	PageResponse<ProductResponse> list(@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		return PageResponse.of(this.products.list(PageRequest.of(page, size)), ProductResponse::of);
	}

}
