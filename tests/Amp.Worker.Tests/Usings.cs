global using Xunit;
global using Amp.Testing;
[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
