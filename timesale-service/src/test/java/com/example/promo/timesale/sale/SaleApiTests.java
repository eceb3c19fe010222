package com.example.promo.timesale.sale;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.support.IntegrationTestSupport;
import com.example.promo.timesale.support.RecordingSaleGate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class SaleApiTests extends IntegrationTestSupport {

	@Autowired
	private SaleStock stock;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private RecordingSaleGate gate;

	private int sales() {
		return this.jdbc.queryForObject("select count(*) from time_sale", Integer.class);
	}

	private static String saleJson(long productId, Instant startsAt, Instant endsAt, String holdSeconds) {
		return "{\"productId\":" + productId + ",\"salePrice\":9900,\"totalStock\":100,\"perUserLimit\":2"
				+ ",\"startsAt\":\"" + startsAt + "\",\"endsAt\":\"" + endsAt + "\""
				+ ((holdSeconds != null) ? ",\"holdSeconds\":" + holdSeconds : "") + "}";
	}

	private long createSale(Instant startsAt, Instant endsAt) {
		Response created = call("POST", "/api/timesales", "admin",
				saleJson(productRow(20000), startsAt, endsAt, "300"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private String status(long saleId) {
		return call("GET", "/api/timesales/" + saleId, "someone", null).json().get("status").asString();
	}

	private TimesaleErrorCode hold(long saleId, String userId, int quantity) {
		return this.transactions.execute((tx) -> this.stock.hold(saleId, userId, quantity, Instant.now()));
	}

	@Test
	void adminCreatesASaleAndEveryoneReadsIt() {
		long productId = productRow(20000);
		Instant startsAt = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MILLIS);
		Instant endsAt = startsAt.plus(Duration.ofHours(2));

		Response created = call("POST", "/api/timesales", "admin", saleJson(productId, startsAt, endsAt, null));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/timesales/" + id);
		Response read = call("GET", "/api/timesales/" + id, "someone", null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).isEqualTo(created.body());
		assertThat(read.json().get("productId").asLong()).isEqualTo(productId);
		assertThat(read.json().get("productName").asString()).startsWith("product ");
		assertThat(read.json().get("listPrice").asLong()).isEqualTo(20000);
		assertThat(read.json().get("salePrice").asLong()).isEqualTo(9900);
		assertThat(read.json().get("totalStock").asInt()).isEqualTo(100);
		assertThat(read.json().get("perUserLimit").asInt()).isEqualTo(2);
		assertThat(Instant.parse(read.json().get("startsAt").asString())).isEqualTo(startsAt);
		assertThat(Instant.parse(read.json().get("endsAt").asString())).isEqualTo(endsAt);
		assertThat(read.json().get("holdSeconds").asInt()).as("the default").isEqualTo(600);
		assertThat(read.json().get("heldQuantity").asInt()).isZero();
		assertThat(read.json().get("soldQuantity").asInt()).isZero();
		assertThat(read.json().get("remainingQuantity").asInt()).isEqualTo(100);
		assertThat(read.json().get("status").asString()).isEqualTo("LIVE");
		assertThat(this.jdbc.queryForObject("select status from time_sale where id = ?", String.class, id))
			.isEqualTo("ACTIVE");
		assertThat(this.gate.prepared()).as("gate built after commit").contains(id);
	}

	@Test
	void aSaleKeepsTheHoldSecondsGivenAndMayLetOneUserBuyMoreThanTheStock() {
		String body = saleJson(productRow(100), Instant.now(), Instant.now().plusSeconds(60), "86400")
			.replace("\"perUserLimit\":2", "\"perUserLimit\":500");

		Response created = call("POST", "/api/timesales", "admin", body);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("holdSeconds").asInt()).isEqualTo(86400);
		assertThat(created.json().get("perUserLimit").asInt()).isEqualTo(500);
	}

	@Test
	void derivesTheStatusFromTheSwitchTheWindowAndTheStock() {
		Instant now = Instant.now();
		long upcoming = createSale(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
		long live = liveSaleRow(1000, 3, 3, 600);
		long soldOut = liveSaleRow(1000, 3, 3, 600);
		long over = saleRow(1000, 3, 3, 600, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
		long ended = liveSaleRow(1000, 3, 3, 600);
		long pausedUpcoming = createSale(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
		long pausedOver = saleRow(1000, 3, 3, 600, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
		long endedUpcoming = createSale(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
		assertThat(hold(live, "buyer", 2)).isNull();
		assertThat(hold(soldOut, "buyer", 3)).isNull();
		this.jdbc.update("update time_sale set status = 'ENDED' where id in (?, ?)", ended, endedUpcoming);
		this.jdbc.update("update time_sale set status = 'PAUSED' where id in (?, ?)", pausedUpcoming, pausedOver);

		assertThat(status(upcoming)).isEqualTo("UPCOMING");
		assertThat(status(live)).isEqualTo("LIVE");
		assertThat(status(soldOut)).isEqualTo("SOLD_OUT");
		assertThat(status(over)).isEqualTo("ENDED");
		assertThat(status(ended)).isEqualTo("ENDED");
		assertThat(status(endedUpcoming)).isEqualTo("ENDED");
		assertThat(status(pausedUpcoming)).isEqualTo("PAUSED");
		assertThat(status(pausedOver)).isEqualTo("PAUSED");
		Response liveRead = call("GET", "/api/timesales/" + live, "someone", null);
		assertThat(liveRead.json().get("heldQuantity").asInt()).isEqualTo(2);
		assertThat(liveRead.json().get("remainingQuantity").asInt()).isEqualTo(1);

		assertListed("UPCOMING", upcoming);
		assertListed("LIVE", live);
		assertListed("SOLD_OUT", soldOut);
		assertListed("ENDED", over, ended, endedUpcoming);
		assertListed("PAUSED", pausedUpcoming, pausedOver);
	}

	private void assertListed(String status, long... ids) {
		Response list = call("GET", "/api/timesales?status=" + status + "&size=100", "someone", null);
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(list.json().get("content").findValuesAsString("status")).as(status).containsOnly(status);
		assertThat(list.json().get("content").findValues("id").stream().map((id) -> id.asLong()).toList()).as(status)
			.contains(java.util.Arrays.stream(ids).boxed().toArray(Long[]::new));
		long counted = this.jdbc.queryForObject("select count(*) from time_sale", Long.class);
		assertThat(list.json().get("totalElements").asLong()).isLessThanOrEqualTo(counted);
	}

	@Test
	void listsSalesNewestFirstInPages() {
		long older = liveSaleRow(1000, 3, 3, 600);
		long newer = liveSaleRow(1000, 3, 3, 600);

		Response page = call("GET", "/api/timesales?page=0&size=2", "someone", null);
		Response second = call("GET", "/api/timesales?page=1&size=1", "someone", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("content").get(0).get("id").asLong()).isEqualTo(newer);
		assertThat(page.json().get("content").get(1).get("id").asLong()).isEqualTo(older);
		assertThat(page.json().get("size").asInt()).isEqualTo(2);
		assertThat(page.json().get("totalElements").asLong()).isEqualTo(sales());
		assertThat(second.json().get("content").get(0).get("id").asLong()).isEqualTo(older);
	}

	@Test
	void theKillSwitchStopsHoldsAndSwitchingBackResumesThem() {
		long id = liveSaleRow(1000, 10, 5, 600);

		Response paused = call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"PAUSED\"}");

		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		assertThat(paused.json().get("id").asLong()).isEqualTo(id);
		assertThat(paused.json().get("status").asString()).isEqualTo("PAUSED");
		assertThat(status(id)).isEqualTo("PAUSED");
		assertThat(hold(id, "buyer", 1)).isEqualTo(TimesaleErrorCode.SALE_NOT_OPEN);
		assertThat(this.gate.invalidated()).as("gate dropped after commit").contains(id);

		Response active = call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"ACTIVE\"}");

		assertThat(active.status()).isEqualTo(200);
		assertThat(active.json().get("status").asString()).isEqualTo("LIVE");
		assertThat(hold(id, "buyer", 1)).isNull();
		assertThat(this.gate.invalidated().stream().filter((sale) -> sale == id)).hasSize(2);

		Response ended = call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"ENDED\"}");
		Response again = call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"ENDED\"}");

		assertThat(ended.json().get("status").asString()).isEqualTo("ENDED");
		assertThat(again.status()).as("the same status again").isEqualTo(200);
		assertThat(again.json().get("heldQuantity").asInt()).isOne();
		assertThat(hold(id, "buyer", 1)).isEqualTo(TimesaleErrorCode.SALE_NOT_OPEN);
	}

	@Test
	void rejectsBadInputNamingTheFieldAndWritesNothing() {
		long productId = productRow(20000);
		Instant now = Instant.now();
		Instant later = now.plus(Duration.ofDays(1));
		String valid = saleJson(productId, now, later, "600");
		int before = sales();
		int prepared = this.gate.prepared().size();

		assertInvalid(valid.replace("\"productId\":" + productId + ",", ""), "productId");
		assertInvalid(valid.replace("\"productId\":" + productId, "\"productId\":\"keyboard\""), "productId");
		assertInvalid(valid.replace("\"productId\":" + productId, "\"productId\":0"), "productId");
		assertInvalid(valid.replace("\"salePrice\":9900,", ""), "salePrice");
		assertInvalid(valid.replace("\"salePrice\":9900", "\"salePrice\":-1"), "salePrice");
		assertInvalid(valid.replace("\"salePrice\":9900", "\"salePrice\":99.5"), "salePrice");
		assertInvalid(valid.replace("\"salePrice\":9900", "\"salePrice\":\"9900\""), "salePrice");
		assertInvalid(valid.replace("\"salePrice\":9900", "\"salePrice\":10000000001"), "salePrice");
		assertInvalid(valid.replace("\"totalStock\":100,", ""), "totalStock");
		assertInvalid(valid.replace("\"totalStock\":100", "\"totalStock\":0"), "totalStock");
		assertInvalid(valid.replace("\"totalStock\":100", "\"totalStock\":10000001"), "totalStock");
		assertInvalid(valid.replace("\"totalStock\":100", "\"totalStock\":\"many\""), "totalStock");
		assertInvalid(valid.replace("\"perUserLimit\":2,", ""), "perUserLimit");
		assertInvalid(valid.replace("\"perUserLimit\":2", "\"perUserLimit\":0"), "perUserLimit");
		assertInvalid(valid.replace("\"perUserLimit\":2", "\"perUserLimit\":[2]"), "perUserLimit");
		assertInvalid(valid.replace("\"startsAt\":\"" + now + "\",", ""), "startsAt");
		assertInvalid(valid.replace("\"" + now + "\"", "\"now\""), "startsAt");
		assertInvalid(valid.replace(",\"endsAt\":\"" + later + "\"", ""), "endsAt");
		assertInvalid(valid.replace("\"" + later + "\"", "\"tomorrow\""), "endsAt");
		assertInvalid(saleJson(productId, now, now, "600"), "endsAt");
		assertInvalid(saleJson(productId, now, now.minusSeconds(1), "600"), "endsAt");
		assertInvalid(saleJson(productId, now, later, "0"), "holdSeconds");
		assertInvalid(saleJson(productId, now, later, "86401"), "holdSeconds");
		assertInvalid(saleJson(productId, now, later, "\"ten minutes\""), "holdSeconds");
		assertInvalid("{not json", "body");

		assertThat(sales()).isEqualTo(before);
		assertThat(this.gate.prepared()).hasSize(prepared);
	}

	private void assertInvalid(String body, String field) {
		Response response = call("POST", "/api/timesales", "admin", body);
		assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
		assertValidationFailed(response, field);
	}

	@Test
	void aSaleOfAnUnknownProductIsNotFoundAndWritesNothing() {
		int before = sales();

		Response response = call("POST", "/api/timesales", "admin",
				saleJson(987654321L, Instant.now(), Instant.now().plusSeconds(60), null));

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("PRODUCT_NOT_FOUND");
		assertThat(sales()).isEqualTo(before);
	}

	@Test
	void rejectsABadStatusOrPageNamingTheField() {
		long id = liveSaleRow(1000, 3, 3, 600);

		assertValidationFailed(call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"LIVE\"}"),
				"status");
		assertValidationFailed(call("PATCH", "/api/timesales/" + id + "/status", "admin", "{\"status\":\"OFF\"}"),
				"status");
		assertValidationFailed(call("PATCH", "/api/timesales/" + id + "/status", "admin", "{}"), "status");
		assertValidationFailed(call("GET", "/api/timesales?status=ACTIVE", "someone", null), "status");
		assertValidationFailed(call("GET", "/api/timesales?status=OFF", "someone", null), "status");
		assertValidationFailed(call("GET", "/api/timesales?size=101", "someone", null), "size");
		assertValidationFailed(call("GET", "/api/timesales?page=-1", "someone", null), "page");
		assertValidationFailed(call("GET", "/api/timesales/abc", "someone", null), "saleId");
		assertThat(status(id)).isEqualTo("LIVE");
	}

	@Test
	void onlyAdminsCreateOrSwitchSales() {
		long id = liveSaleRow(1000, 3, 3, 600);
		String body = saleJson(productRow(100), Instant.now(), Instant.now().plusSeconds(60), null);
		int before = sales();

		Response notAdmin = call("POST", "/api/timesales", "someone", body);
		Response noToken = call("POST", "/api/timesales", null, body);
		Response switchNotAdmin = call("PATCH", "/api/timesales/" + id + "/status", "someone",
				"{\"status\":\"PAUSED\"}");

		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(switchNotAdmin.status()).isEqualTo(403);
		assertThat(sales()).isEqualTo(before);
		assertThat(status(id)).isEqualTo("LIVE");
	}

	@Test
	void unknownSaleIsNotFound() {
		Response response = call("GET", "/api/timesales/987654321", "someone", null);
		Response patch = call("PATCH", "/api/timesales/987654321/status", "admin", "{\"status\":\"PAUSED\"}");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("SALE_NOT_FOUND");
		assertThat(patch.status()).isEqualTo(404);
		assertThat(patch.code()).isEqualTo("SALE_NOT_FOUND");
		assertThat(this.gate.invalidated()).doesNotContain(987654321L);
	}

}
