// Each test class runs a whole fleet (PostgreSQL database, ampd controller, several ampd workers); on a
// two-core machine more than two fleets at once turn heartbeat deadlines into noise.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]

// ampd, PostgreSQL and the POSIX signals the tests send are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
