global using Xunit;
global using Amp.Testing;
