package dev.herald.core.store;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seed and the number of tries of a {@link StoreModelContract} run. In {@code ./mvnw verify}
 * both are fixed (the same runs every time, a few seconds per store); for a longer hunt:
 * <pre>
 * ./mvnw -pl herald-core,herald-store test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest='*StoreModelTest' -Dherald.props.seed=random -Dherald.props.tries=1000
 * </pre>
 * and to replay a failure, the {@code seed} jqwik reported for it: {@code -Dherald.props.seed=<seed>},
 * with the same command count and at least as many tries as it took, on the same code (a change to
 * the generators changes the runs a seed makes).
 */
public final class ModelRunSettings implements AroundPropertyHook {
    /** A seed, or {@code random}; default {@link #DEFAULT_SEED}. */
    public static final String SEED = "herald.props.seed";
    /** Tries (runs of commands); default the subclass's {@link StoreModelContract#defaultTries()}. */
    public static final String TRIES = "herald.props.tries";
    /** The most commands in one run; default {@link #DEFAULT_COMMANDS}. */
    public static final String COMMANDS = "herald.props.commands";
    static final String DEFAULT_SEED = "4711020261203";
    static final int DEFAULT_COMMANDS = 60;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty(SEED, DEFAULT_SEED).trim();
        if (!seed.equalsIgnoreCase("random")) {
            context.attributes().setSeed(seed);
        }
        int tries = context.testInstance() instanceof StoreModelContract c ? c.defaultTries() : 10;
        context.attributes().setTries(Integer.getInteger(TRIES, tries));
        return property.execute();
    }

    static int commands() {
        return Integer.getInteger(COMMANDS, DEFAULT_COMMANDS);
    }
}
