package com.example.promo.timesale.product;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.timesale.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ProductApiTests extends IntegrationTestSupport {

	private int products() {
		return this.jdbc.queryForObject("select count(*) from product", Integer.class);
	}

	@Test
	void adminCreatesAProductAndEveryoneReadsIt() {
		Instant before = Instant.now();

		Response created = call("POST", "/api/timesales/products", "admin",
				"{\"name\":\"  Mechanical keyboard \",\"listPrice\":129000}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/timesales/products/" + id);
		assertThat(created.json().get("name").asString()).isEqualTo("Mechanical keyboard");
		assertThat(created.json().get("listPrice").asLong()).isEqualTo(129000);
		assertThat(Instant.parse(created.json().get("createdAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
		Response read = call("GET", "/api/timesales/products/" + id, "someone", null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).isEqualTo(created.body());
		assertThat(this.jdbc.queryForObject("select list_price from product where id = ?", Long.class, id))
			.isEqualTo(129000);
	}

	@Test
	void aFreeProductIsAllowed() {
		Response created = call("POST", "/api/timesales/products", "admin", "{\"name\":\"Sticker\",\"listPrice\":0}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("listPrice").asLong()).isZero();
	}

	@Test
	void listsProductsNewestFirstInPages() {
		long older = productRow(1000);
		long newer = productRow(2000);

		Response page = call("GET", "/api/timesales/products?page=0&size=2", "someone", null);
		Response second = call("GET", "/api/timesales/products?page=1&size=1", "someone", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("content").get(0).get("id").asLong()).isEqualTo(newer);
		assertThat(page.json().get("content").get(1).get("id").asLong()).isEqualTo(older);
		assertThat(page.json().get("page").asInt()).isZero();
		assertThat(page.json().get("size").asInt()).isEqualTo(2);
		assertThat(page.json().get("totalElements").asLong()).isEqualTo(products());
		assertThat(second.json().get("content").get(0).get("id").asLong()).isEqualTo(older);
	}

	@Test
	void rejectsBadInputNamingTheFieldAndWritesNothing() {
		int before = products();
		String valid = "{\"name\":\"Mouse\",\"listPrice\":1000}";

		assertInvalid(valid.replace("\"Mouse\"", "\"\""), "name");
		assertInvalid(valid.replace("\"Mouse\"", "\"   \""), "name");
		assertInvalid(valid.replace("\"Mouse\"", "\"" + "n".repeat(201) + "\""), "name");
		assertInvalid(valid.replace("\"name\":\"Mouse\",", ""), "name");
		assertInvalid(valid.replace("1000", "-1"), "listPrice");
		assertInvalid(valid.replace("1000", "10000000001"), "listPrice");
		assertInvalid(valid.replace("1000", "10.5"), "listPrice");
		assertInvalid(valid.replace("1000", "1e3"), "listPrice");
		assertInvalid(valid.replace("1000", "\"1000\""), "listPrice");
		assertInvalid(valid.replace("1000", "\"cheap\""), "listPrice");
		assertInvalid(valid.replace(",\"listPrice\":1000", ""), "listPrice");
		assertInvalid("{not json", "body");

		assertThat(products()).isEqualTo(before);
	}

	@Test
	void acceptsANameOfExactly200Characters() {
		Response created = call("POST", "/api/timesales/products", "admin",
				"{\"name\":\"" + "n".repeat(200) + "\",\"listPrice\":1}");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	@Test
	void rejectsABadPageNamingTheField() {
		assertValidationFailed(call("GET", "/api/timesales/products?size=101", "someone", null), "size");
		assertValidationFailed(call("GET", "/api/timesales/products?size=0", "someone", null), "size");
		assertValidationFailed(call("GET", "/api/timesales/products?page=-1", "someone", null), "page");
		assertValidationFailed(call("GET", "/api/timesales/products?size=ten", "someone", null), "size");
		assertValidationFailed(call("GET", "/api/timesales/products/abc", "someone", null), "id");
	}

	@Test
	void onlyAdminsCreateProducts() {
		int before = products();

		Response notAdmin = call("POST", "/api/timesales/products", "someone", "{\"name\":\"Mouse\",\"listPrice\":1}");
		Response noToken = call("POST", "/api/timesales/products", null, "{\"name\":\"Mouse\",\"listPrice\":1}");

		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(call("GET", "/api/timesales/products", null, null).status()).isEqualTo(401);
		assertThat(products()).isEqualTo(before);
	}

	@Test
	void unknownProductIsNotFound() {
		Response response = call("GET", "/api/timesales/products/987654321", "someone", null);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("PRODUCT_NOT_FOUND");
	}

	private void assertInvalid(String body, String field) {
		Response response = call("POST", "/api/timesales/products", "admin", body);
		assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
		assertValidationFailed(response, field);
	}

}
