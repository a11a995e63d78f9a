/** MQL: parses queries and evaluates them against JSON records. */
package io.weir.mql;
