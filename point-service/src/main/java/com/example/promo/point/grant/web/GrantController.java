package com.example.promo.point.grant.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import com.example.promo.common.security.CurrentUserId;
import com.example.promo.point.grant.Grant;
import com.example.promo.point.grant.GrantRequest;
import com.example.promo.point.grant.Grants;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin grants of points (the admin role is required by the security configuration). */
@RestController
@RequestMapping("/api/points/grants")
@Tag(name = "Point grants")
class GrantController {

	private final Grants grants;

	GrantController(Grants grants) {
		this.grants = grants;
	}

	@PostMapping
	@Operation(summary = "Grant points to a user (admin); idempotent per sourceId",
			description = "201 with the new lot; the same body again answers the first grant, another body with the "
					+ "same sourceId is 422 IDEMPOTENCY_KEY_REUSED.")
	ResponseEntity<Grant> grant(@Valid @RequestBody GrantRequest request, @CurrentUserId String adminId) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.grants.grant(request, adminId));
	}

}
