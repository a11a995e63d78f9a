package io.weir.agent;

/**
 * The master refused this agent for good (409): its id or its ports belong to another live agent, or another agent
 * instance took its id over. The message is the master's sentence, which names the fix.
 */
public final class AgentRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AgentRefusedException(String message) {
        super(message, null, false, false);
    }
}
