using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Amp.Testing;

/// <summary>
/// xunit's own framework plus one step after the last test: stop every PostgreSQL server the tests started and
/// delete their data directories. Every test project that uses <see cref="TestPostgres"/> selects it with
/// <c>[assembly: TestFramework("Amp.Testing.AmpTestFramework", "Amp.Testing")]</c>. <see cref="TestPostgres"/> does that from a ProcessExit handler, but under <c>dotnet test</c>
/// the test platform kills the test host 100 ms after the run ends (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), often
/// before a server has stopped, which leaves an orphaned postgres behind. Here nothing is waiting to kill us yet.
/// </summary>
public sealed class AmpTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await StopServersAsync();
            await base.BeforeTestAssemblyFinishedAsync();
        }

        /// <summary>Never throws: a cleanup problem must not turn a green run red.</summary>
        private async Task StopServersAsync()
        {
            try
            {
                await TestPostgres.StopAllAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
#pragma warning disable CA1031 // best effort, reported as a diagnostic
            catch (Exception ex)
#pragma warning restore CA1031
            {
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage($"could not stop the test PostgreSQL servers: {ex.Message}"));
            }
        }
    }
}
