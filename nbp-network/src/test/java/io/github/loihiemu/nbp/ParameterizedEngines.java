package io.github.loihiemu.nbp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs a test for the reference engine (3,000 samples, cut at 1,000) and the chip engine (60, cut at 25). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@CsvSource({"reference,3000,1000", "chip,60,25"})
public @interface ParameterizedEngines {
}
