package com.example.promo.common.issuing;

/**
 * A queued (v3) request not yet written — or a reserved one the gate refused — as its
 * Redis marker records it, until the consumer writes its outcome.
 *
 * @param resourceId the resource
 * @param holderId the requester
 * @param refusal the gate's refusal code, or {@code null} while PENDING
 */
public record RequestMarker(String resourceId, String holderId, String refusal) {

	static RequestMarker parse(String marker) {
		int colon = marker.indexOf(':');
		String head = marker.substring(0, colon);
		int bang = head.indexOf('!');
		return new RequestMarker((bang < 0) ? head : head.substring(0, bang), marker.substring(colon + 1),
				(bang < 0) ? null : head.substring(bang + 1));
	}

	String format() {
		return this.resourceId + ((this.refusal != null) ? "!" + this.refusal : "") + ":" + this.holderId;
	}

}
