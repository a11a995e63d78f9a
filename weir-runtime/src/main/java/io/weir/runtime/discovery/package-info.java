/** How workers follow discovery: their job's scheduling info as a push stream. */
package io.weir.runtime.discovery;
