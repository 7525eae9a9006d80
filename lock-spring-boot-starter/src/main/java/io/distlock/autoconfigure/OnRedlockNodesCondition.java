package io.distlock.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code distributed-lock.redlock.nodes} lists any node, in whichever form it is
 * bound from (a comma-separated value or indexed entries). Fewer than three then fail start-up.
 */
class OnRedlockNodesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        List<String> nodes = Binder.get(context.getEnvironment())
                .bind("distributed-lock.redlock.nodes", Bindable.listOf(String.class)).orElse(List.of());
        return nodes.isEmpty() ? ConditionOutcome.noMatch("no distributed-lock.redlock.nodes")
                : ConditionOutcome.match(nodes.size() + " distributed-lock.redlock.nodes");
    }
}
