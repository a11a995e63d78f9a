package io.weir.master.security;

/** Why a request is refused: 401 or 403, a metric tag, and the sentence the caller gets. */
public record Refusal(int status, String reason, String message) {
}
