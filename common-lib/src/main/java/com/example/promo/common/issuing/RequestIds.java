package com.example.promo.common.issuing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Request ids of issuing endpoints: with an {@code Idempotency-Key}, a name-based UUID
 * (RFC 4122 version 3) of (holder, key), the holder length-prefixed, so the same holder's
 * repeat maps to the same id — and replays the first answer — while different holders'
 * keys never collide; random without a key.
 */
public final class RequestIds {

	private RequestIds() {
	}

	/**
	 * @param holderId the acting holder (JWT subject)
	 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
	 * @return a UUID string
	 */
	public static String of(String holderId, String idempotencyKey) {
		if (idempotencyKey == null) {
			return UUID.randomUUID().toString();
		}
		// The holder's length first, so no (holder, key) pair spells another's.
		String name = holderId.length() + ":" + holderId + "\n" + idempotencyKey;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
