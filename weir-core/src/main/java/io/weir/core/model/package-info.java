/** The wire model shared by master, agents, workers and clients: definitions, states and scheduling info. */
package io.weir.core.model;
