package io.distlock.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.File;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.util.ReflectionUtils;

class LockKeyExpressionTests {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Test
    void readsParametersByNameAndPosition() {
        assertThat(evaluate("one", "#orderId", "42")).containsExactly("42");
        assertThat(evaluate("one", "#p0", "42")).containsExactly("42");
        assertThat(evaluate("one", "#a0", "42")).containsExactly("42");
        assertThat(evaluate("one", "'order-' + #orderId", "42")).containsExactly("order-42");
    }

    @Test
    void readsPropertiesOfRecordsAndBeans() {
        assertThat(evaluate("order", "#order.id", new Order("7", List.of()))).containsExactly("7");
        assertThat(evaluate("order", "#order.customer.name", new Order("7", List.of()))).containsExactly("ann");
        assertThat(evaluate("order", "#order.items.![sku]",
                new Order("7", List.of(new Item("b"), new Item("a"))))).containsExactly("a", "b");
    }

    @Test
    void locksEveryDistinctElementOfCollectionsAndArraysInSortedOrder() {
        assertThat(evaluate("pair", "{#to, #from, #to}", "b", "a")).containsExactly("a", "b");
        assertThat(evaluate("ids", "#ids", List.of("z", "x", "z"))).containsExactly("x", "z");
        assertThat(evaluate("numbers", "#numbers", (Object) new long[] { 3, 1 })).containsExactly("1", "3");
        assertThat(evaluate("ids", "#ids", Set.of(5))).containsExactly("5");
    }

    @Test
    void rejectsNullBlankAndEmptyValuesNamingMethodAndExpression() {
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("one", "#orderId", (Object) null))
            .withMessageContaining("'#orderId'")
            .withMessageContaining("Sample.one(String)")
            .withMessageContaining("null");
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("one", "#orderId", " "))
            .withMessageContaining("blank");
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("ids", "#ids", List.of()))
            .withMessageContaining("empty collection");
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("ids", "#ids", Arrays.asList("a", null)))
            .withMessageContaining("an element that is null");
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("order", "#order.id", (Object) null))
            .withMessageContaining("could not be evaluated");
    }

    /** Issue 12, item 14. */
    @Test
    void item14_rejectsValuesWhoseStringIsTheirIdentityHash() {
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("ids", "#ids", new Object()))
            .withMessageContaining("'#ids'")
            .withMessageContaining("Sample.ids(String)")
            .withMessageContaining("an instance of java.lang.Object")
            .withMessageContaining("nothing was locked");
        assertThatIllegalArgumentException().isThrownBy(() -> evaluate("ids", "#ids", List.of("a", new Object())))
            .withMessageContaining("an element that is an instance of java.lang.Object");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> evaluate("ids", "#ids", (Object) new Object[] { new String[] { "a" } }))
            .withMessageContaining("java.lang.String[]");
        assertThat(evaluate("ids", "#ids", List.of(new Item("x"), Thread.State.NEW, 'c', 2.5f, new StringBuilder("sb"))))
            .containsExactly("2.5", "Item[sku=x]", "NEW", "c", "sb");
    }

    @ParameterizedTest
    @ValueSource(strings = { "T(java.lang.Runtime).getRuntime().exec('touch /tmp/pwned')",
            "new java.io.File('pwned').createNewFile()", "@someBean", "#orderId.getClass()",
            "#orderId.toString()", "#orderId = 'x'", "#orderId matches '(a+)+$'", "T(java.lang.String)" })
    void rejectsAnythingBeyondReadingArgumentsWhenParsed(String expression) {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("one", expression))
            .withMessageContaining("lock keys do not allow");
        assertThat(new File("pwned")).doesNotExist();
    }

    @Test
    void evaluationContextRefusesTypesAndConstructorsToo() {
        // Defence in depth: an expression that got past the checker still cannot reach types.
        SimpleEvaluationContext context = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        SpelExpressionParser parser = new SpelExpressionParser();
        assertThatException().isThrownBy(() -> parser.parseExpression("T(java.lang.Runtime).getRuntime()")
            .getValue(context)).withMessageContaining("Type cannot be found");
        assertThatException().isThrownBy(() -> parser.parseExpression("new java.io.File('pwned')")
            .getValue(context)).withMessageContaining("constructor");
    }

    @Test
    void rejectsUnknownParametersListingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("pair", "#form"))
            .withMessageContaining("#form is not a parameter")
            .withMessageContaining("#from, #to");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("pair", "#p2"))
            .withMessageContaining("out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("none", "#root"))
            .withMessageContaining("has no parameters");
    }

    @Test
    void rejectsBarePropertyNamesThatWouldReadTheMissingRootObject() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("one", "orderId"))
            .withMessageContaining("write #orderId");
    }

    @Test
    void suggestsPositionsWhenParameterNamesAreNotCompiledIn() {
        ParameterNameDiscoverer none = new ParameterNameDiscoverer() {
            @Override
            public String[] getParameterNames(Method method) {
                return null;
            }

            @Override
            public String[] getParameterNames(java.lang.reflect.Constructor<?> ctor) {
                return null;
            }
        };
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LockKeyExpression.parse("#orderId", method("one"), none, "Sample.one(String)"))
            .withMessageContaining("-parameters")
            .withMessageContaining("#p0");
        assertThat(LockKeyExpression.parse("#p0", method("one"), none, "Sample.one(String)").evaluate(new Object[] { "1" }))
            .containsExactly("1");
    }

    @Test
    void rejectsUnparsableAndEmptyExpressions() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("one", "#orderId +"))
            .withMessageContaining("does not parse");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("one", " ")).withMessageContaining("empty");
    }

    private static List<String> evaluate(String methodName, String expression, Object... arguments) {
        return parse(methodName, expression).evaluate(arguments);
    }

    private static LockKeyExpression parse(String methodName, String expression) {
        return LockKeyExpression.parse(expression, method(methodName), NAMES, "Sample." + methodName + "(String)");
    }

    private static Method method(String name) {
        return Arrays.stream(ReflectionUtils.getDeclaredMethods(Sample.class))
            .filter((method) -> method.getName().equals(name))
            .findFirst()
            .orElseThrow();
    }

    record Customer(String name) {
    }

    record Item(String sku) {
    }

    record Order(String id, List<Item> items) {

        public Customer getCustomer() {
            return new Customer("ann");
        }
    }

    interface Sample {

        void one(String orderId);

        void order(Order order);

        void pair(String from, String to);

        void ids(java.util.Collection<?> ids);

        void numbers(long[] numbers);

        void none();
    }
}
