package com.example.promo.common.issuing;

/**
 * The service's side of a gate rebuild: what the gate of one resource must hold, read
 * from one consistent database snapshot, in a transaction of its own (so it includes
 * every write committed before the rebuild).
 */
@FunctionalInterface
public interface GateSnapshotSource {

	/**
	 * @param resourceId the resource
	 * @return its state
	 * @throws com.example.promo.common.error.DomainException the service's not-found
	 * refusal if there is no such resource
	 */
	GateState read(String resourceId);

}
