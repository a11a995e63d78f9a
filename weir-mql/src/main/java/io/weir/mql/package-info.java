/** MQL, the query language of Mantis: parses queries and evaluates them against JSON records, one by one or per window. */
package io.weir.mql;
