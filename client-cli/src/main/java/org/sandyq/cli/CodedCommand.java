package org.sandyq.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command whose picocli model is built in code rather than read from annotations. The first
 * annotation a JVM reads makes the JDK generate a proxy class for each annotation type (and for
 * picocli's standard help mixin), which no AOT cache of JDK 25 can hold: about 80 ms of every cold
 * start, a third of cleaning one photo (bench/README.md). {@code sanitize}, which a source may run
 * once per file, is built this way, and is found by its name without reading any annotation; its
 * help, parsing and errors are those of an annotated command ({@code HelpTest}, {@code docs/cli.md}).
 */
interface CodedCommand {
  /** The name it is run by. */
  String name();

  /** The model of a new instance of the command, printing to {@code io}. */
  CommandSpec spec(Io io);

  /**
   * Binds an option being built to a variable, as picocli binds an annotated field: the variable's
   * value now is its initial value (help's default, and what a parse starts from), picocli reads it
   * through the getter and sets what was given through the setter.
   */
  static <T> OptionSpec.Builder bind(OptionSpec.Builder option, Supplier<T> get, Consumer<T> set) {
    Variable<T> variable = new Variable<>(get, set);
    return option.getter(variable).setter(variable).initialValue(get.get());
  }

  /** Binds a positional parameter being built to a variable, as an option is bound. */
  static <T> PositionalParamSpec.Builder bind(PositionalParamSpec.Builder parameter, Supplier<T> get, Consumer<T> set) {
    Variable<T> variable = new Variable<>(get, set);
    return parameter.getter(variable).setter(variable).initialValue(get.get());
  }

  /** Picocli's getter and setter are generic methods, which a lambda cannot implement. */
  record Variable<T>(Supplier<T> reader, Consumer<T> writer) implements IGetter, ISetter {
    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) reader.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V set(V value) {
      V old = get();
      writer.accept((T) value);
      return old;
    }
  }
}
