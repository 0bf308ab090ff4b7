global using Amp.Testing;
global using Xunit;
