"""Developer tools that use the whole suite and that nothing at run time imports: the
synthetic corpus (`synth`) and the benchmark (`bench`). They live outside the installed
package; `python -m compare synth|bench` finds them in a source checkout."""
