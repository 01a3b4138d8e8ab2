package io.yikou.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Rules the build enforces on production code of every Yikou module on the classpath. */
class ArchitectureTest {

    // The core and channels test jars (test kits, benchmarks) are on this module's test classpath, and
    // the predefined option only leaves out test-class directories.
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.yikou");

    @Test
    void noStandardStreams() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.yikou.server..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("services log through SLF4J; only the command line prints");
        rule.check(CLASSES);
    }

    @Test
    void noJavaUtilLogging() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .because("Logback is the only logging binding").check(CLASSES);
    }

    @Test
    void coreDependsOnNoOtherModule() {
        for (String module : new String[] {"io.yikou.channels..", "io.yikou.kb..", "io.yikou.server..", "io.yikou.ivr.."}) {
            noClasses().that().resideInAPackage("io.yikou.core..")
                    .should().dependOnClassesThat().resideInAPackage(module)
                    .because("dependencies point inward to core")
                    .check(CLASSES);
        }
    }

    @Test
    void coreImplementationsStayInsideCore() {
        noClasses().that().resideOutsideOfPackages("io.yikou.core..", "io.yikou.server..", "io.yikou.testkit..")
                .should().dependOnClassesThat().resideInAPackage("io.yikou.core..impl..")
                .because("modules use core interfaces; only the server and the test kit wire implementations")
                .check(CLASSES);
    }
}
