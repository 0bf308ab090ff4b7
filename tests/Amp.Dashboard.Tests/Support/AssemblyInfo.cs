// Each fixture runs ampd solo, extra ampd workers and a headless Chromium; on a two-core machine shared with other
// suites one at a time keeps heartbeat deadlines meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// ampd, PostgreSQL and the POSIX signals the tests send are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: Xunit.TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]
