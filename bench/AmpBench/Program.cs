using Amp.Bench;
using Amp.Bench.Common;

// amp-bench <part> [--options]: one benchmark part against ampd, or the report. Started by bench/run.sh.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: amp-bench latency|throughput|failover|admin|seed|replay|extraction|report [--options]; see bench/run.sh");
    return 2;
}
Children.InstallCleanup();
var a = new Args(args.Skip(1));
try
{
    return args[0] switch
    {
        "latency" => await AmpParts.LatencyAsync(a),
        "throughput" => await AmpParts.ThroughputAsync(a),
        "failover" => await AmpParts.FailoverAsync(a),
        "admin" => await AdminPart.RunAsync(a),
        "seed" => await Amp.Bench.Extraction.SeedChain.RunAsync(a),
        "replay" => await Amp.Bench.Extraction.ReplayServer.RunAsync(a),
        "extraction" => await Amp.Bench.Extraction.ExtractionPart.RunAsync(a),
        "report" => Report.Run(a),
        "extraction-report" => Amp.Bench.Extraction.ExtractionReport.Run(a),
        _ => throw new ArgumentException($"unknown part '{args[0]}'"),
    };
}
catch (Exception ex)
{
    Console.Error.WriteLine($"amp-bench {args[0]} failed: {ex}");
    if (args[0] is not ("report" or "extraction-report" or "seed" or "replay") && a.Opt("out") is { } outFile)
        new PartResult { Part = args[0], Rows = [new ResultRow { Label = a.Str("label", "ampd"), Error = ex.Message }] }.Write(outFile);
    return 1;
}
finally
{
    await Children.StopAllAsync(TimeSpan.FromSeconds(5));
}
