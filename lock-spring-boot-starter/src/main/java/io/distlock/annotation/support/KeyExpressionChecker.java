package io.distlock.annotation.support;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.BooleanLiteral;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.FloatLiteral;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.InlineList;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.NullLiteral;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpDivide;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpModulus;
import org.springframework.expression.spel.ast.OpMultiply;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.Projection;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.ast.Selection;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.Ternary;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;

/**
 * Rejects, at start-up, lock key expressions that do more than read the method's arguments.
 * <p>
 * Allowed: parameter variables, property reads on them, indexing, selection and projection,
 * literals, inline lists, and the arithmetic, comparison, logical and conditional operators.
 * Everything else (type references, constructors, bean references, method and function calls,
 * assignment, regular expressions) is refused here; the {@code SimpleEvaluationContext} used at
 * call time would refuse most of it again.
 */
final class KeyExpressionChecker {

    private static final Set<Class<? extends SpelNode>> ALLOWED = Set.of(VariableReference.class,
            PropertyOrFieldReference.class, CompoundExpression.class, Indexer.class, Selection.class,
            Projection.class, InlineList.class, StringLiteral.class, IntLiteral.class, LongLiteral.class,
            RealLiteral.class, FloatLiteral.class, BooleanLiteral.class, NullLiteral.class, OpPlus.class,
            OpMinus.class, OpMultiply.class, OpDivide.class, OpModulus.class, OpEQ.class, OpNE.class, OpLT.class,
            OpLE.class, OpGT.class, OpGE.class, OpAnd.class, OpOr.class, OperatorNot.class, Ternary.class,
            Elvis.class);

    private static final Pattern POSITIONAL = Pattern.compile("[pa](\\d+)");

    private final String text;

    private final String @Nullable [] parameterNames;

    private final int parameterCount;

    KeyExpressionChecker(String text, String @Nullable [] parameterNames, int parameterCount) {
        this.text = text;
        this.parameterNames = parameterNames;
        this.parameterCount = parameterCount;
    }

    /**
     * Checks {@code node} and everything below it.
     * @param node the root of the parsed expression
     * @throws IllegalArgumentException naming what is not allowed
     */
    void check(SpelNode node) {
        check(node, false);
    }

    /**
     * @param elementContext whether a bare property name refers to a collection element (inside
     * a selection or projection) rather than to the root object, which lock keys do not have
     */
    private void check(SpelNode node, boolean elementContext) {
        if (!ALLOWED.contains(node.getClass())) {
            throw new IllegalArgumentException("'" + this.text + "' uses " + describe(node)
                    + ", which lock keys do not allow; use the method's parameters (#name, #p0, #a0), "
                    + "their properties (#order.id), literals and operators");
        }
        if (node instanceof VariableReference) {
            checkVariable(node.toStringAST().substring(1));
        }
        else if (node instanceof PropertyOrFieldReference && !elementContext) {
            throw new IllegalArgumentException("'" + this.text + "': '" + node.toStringAST()
                    + "' is not a parameter reference; write #" + node.toStringAST());
        }
        boolean childElementContext = elementContext || node instanceof Selection || node instanceof Projection;
        for (int i = 0; i < node.getChildCount(); i++) {
            SpelNode child = node.getChild(i);
            // After the first step of a.b.c, a property name reads from the previous value.
            if (node instanceof CompoundExpression && i > 0 && child instanceof PropertyOrFieldReference) {
                check(child, true);
            }
            else {
                check(child, childElementContext);
            }
        }
    }

    private void checkVariable(String name) {
        if (name.equals("this")
                || (this.parameterNames != null && Arrays.asList(this.parameterNames).contains(name))) {
            return;
        }
        var positional = POSITIONAL.matcher(name);
        if (positional.matches()) {
            int index = Integer.parseInt(positional.group(1));
            if (index < this.parameterCount) {
                return;
            }
            throw new IllegalArgumentException("'" + this.text + "': #" + name + " is out of range, the method has "
                    + this.parameterCount + " parameter(s)");
        }
        if (this.parameterNames == null) {
            throw new IllegalArgumentException("'" + this.text + "': #" + name + " cannot be resolved because "
                    + "parameter names are not available (compile with -parameters); refer to parameters by "
                    + "position instead: #p0, #p1, ...");
        }
        throw new IllegalArgumentException("'" + this.text + "': #" + name + " is not a parameter of the method; "
                + ((this.parameterNames.length > 0) ? "its parameters are #" + String.join(", #", this.parameterNames)
                        + " (or #p0, #a0, ...)" : "it has no parameters"));
    }

    private static String describe(SpelNode node) {
        if (node instanceof TypeReference) {
            return "a type reference (" + node.toStringAST() + ")";
        }
        if (node instanceof ConstructorReference) {
            return "a constructor call (" + node.toStringAST() + ")";
        }
        if (node instanceof BeanReference) {
            return "a bean reference (" + node.toStringAST() + ")";
        }
        if (node instanceof MethodReference || node instanceof FunctionReference) {
            return "a method call (" + node.toStringAST() + ")";
        }
        return "'" + node.toStringAST() + "' (" + node.getClass().getSimpleName() + ")";
    }
}
