/** Retry timing shared by every reconnecting component: exponential backoff with jitter. */
package io.weir.core.backoff;
