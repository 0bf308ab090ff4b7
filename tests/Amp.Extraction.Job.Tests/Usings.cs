global using Xunit;

[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
