package dev.herald.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number kept as the literal text it was sent as ({@code 1e400}, {@code 9007199254740993.0},
 * {@code -0}) and written back exactly so. Jackson's own nodes would make doubles of the first two
 * ({@code "Infinity"}, a rounded value) and {@code 0} of the last. For the few numbers the hub reads
 * itself (a TTL) its value is the exact decimal the text spells. Conversions never expand a huge
 * exponent into digits: {@code 1e-999999999} is below one, {@code 1e999999999} beyond any long.
 */
final class LiteralNumberNode extends NumericNode {
    private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal MIN_INT = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);
    /** Integer parts longer than this are not expanded into a BigInteger. */
    private static final int MAX_INTEGER_DIGITS = 10_000;

    private final String literal;
    private final boolean integral;
    /** The exact value, or null where the exponent is beyond what BigDecimal holds (1e99999999999). */
    private final BigDecimal value;

    LiteralNumberNode(String literal) {
        this.literal = literal;
        this.integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
        BigDecimal v;
        try {
            v = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            v = null;
        }
        this.value = v;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeNumber(literal);
    }

    @Override
    public JsonToken asToken() {
        return integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
    }

    @Override
    public JsonParser.NumberType numberType() {
        return integral ? JsonParser.NumberType.BIG_INTEGER : JsonParser.NumberType.BIG_DECIMAL;
    }

    @Override
    public boolean isIntegralNumber() {
        return integral;
    }

    @Override
    public boolean isFloatingPointNumber() {
        return !integral;
    }

    @Override
    public boolean isBigDecimal() {
        return !integral;
    }

    @Override
    public boolean isBigInteger() {
        return integral;
    }

    @Override
    public Number numberValue() {
        return integral ? bigIntegerValue() : decimalValue();
    }

    @Override
    public boolean canConvertToInt() {
        return value != null && value.compareTo(MIN_INT) >= 0 && value.compareTo(MAX_INT) <= 0;
    }

    @Override
    public boolean canConvertToLong() {
        return value != null && value.compareTo(MIN_LONG) >= 0 && value.compareTo(MAX_LONG) <= 0;
    }

    @Override
    public int intValue() {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, longValue()));
    }

    /** Truncated toward zero; saturated outside the long range. */
    @Override
    public long longValue() {
        if (!canConvertToLong()) {
            return literal.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return belowOne() ? 0 : value.longValue();
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(literal);
    }

    @Override
    public BigDecimal decimalValue() {
        if (value == null) {
            throw new NumberFormatException("the exponent of " + literal + " is out of range");
        }
        return value;
    }

    @Override
    public BigInteger bigIntegerValue() {
        BigDecimal v = decimalValue();
        if (belowOne()) {
            return BigInteger.ZERO;
        }
        if ((long) v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
            throw new ArithmeticException(literal + " has too many digits for an integer");
        }
        return v.toBigInteger();
    }

    /** |value| < 1, told from precision and scale alone. */
    private boolean belowOne() {
        return (long) value.precision() - value.scale() <= 0;
    }

    @Override
    public String asText() {
        return literal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiteralNumberNode n && literal.equals(n.literal);
    }

    @Override
    public int hashCode() {
        return literal.hashCode();
    }
}
