global using Xunit;
global using Amp.Testing;
// The chaos run is timing-sensitive and the fuzz saturates the controller: never both at once on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
