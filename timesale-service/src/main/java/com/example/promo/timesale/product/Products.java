package com.example.promo.timesale.product;

import java.time.Clock;

import com.example.promo.common.error.DomainException;
import com.example.promo.timesale.TimesaleErrorCode;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating and reading products. */
@Service
public class Products {

	private final ProductRepository products;

	private final Clock clock;

	Products(ProductRepository products, Clock clock) {
		this.products = products;
		this.clock = clock;
	}

	/**
	 * @param request a request that passed Bean Validation
	 * @return the saved product
	 */
	@Transactional
	public Product create(CreateProductRequest request) {
		long id = this.products.insert(request.name().strip(), request.listPrice(), this.clock.instant());
		return this.products.find(id).orElseThrow();
	}

	/**
	 * @param productId a product id
	 * @return the product
	 * @throws DomainException {@code 404 PRODUCT_NOT_FOUND}
	 */
	@Transactional(readOnly = true)
	public Product get(long productId) {
		return this.products.find(productId).orElseThrow(() -> notFound(productId));
	}

	/**
	 * @param pageable page and size; newest first
	 * @return a page of products
	 */
	@Transactional(readOnly = true)
	public Page<Product> list(Pageable pageable) {
		return this.products.list(pageable);
	}

	/**
	 * @param productId the unknown id
	 * @return the refusal, {@code 404 PRODUCT_NOT_FOUND}
	 */
	public static DomainException notFound(long productId) {
		return new DomainException(TimesaleErrorCode.PRODUCT_NOT_FOUND, "No product " + productId + ".");
	}

}
