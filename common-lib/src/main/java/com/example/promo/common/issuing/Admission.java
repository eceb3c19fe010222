package com.example.promo.common.issuing;

/**
 * Units taken at a resource's gate by one request, to be given back
 * ({@link AdmissionGate#release}) if the database does not turn them into a write.
 *
 * @param resourceId the resource
 * @param holderId the holder
 * @param units the units taken
 * @param epoch the gate generation that admitted it: a release after a rebuild is ignored
 * @param requestId the request, tracked at the gate while in flight
 * @param period the period key it was counted in ({@code ""} for none)
 * @param sequence its place in the resource's waiting room (1, 2, … with no ties), 0 when
 * it did not join one
 */
public record Admission(String resourceId, String holderId, int units, String epoch, String requestId, String period,
		long sequence) {
}
