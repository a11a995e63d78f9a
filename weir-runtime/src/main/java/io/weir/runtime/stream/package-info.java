/** Stage-to-stage record streams over the TCP stream protocol: upstream output servers and downstream subscriptions. */
package io.weir.runtime.stream;
