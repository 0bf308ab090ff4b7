// The component under test is Linux-only (/proc, setpriv, POSIX signals).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
