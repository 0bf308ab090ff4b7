global using Xunit;
global using Amp.Testing;
// Each class starts a fleet of real processes; two at a time is plenty on a 2-core machine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
