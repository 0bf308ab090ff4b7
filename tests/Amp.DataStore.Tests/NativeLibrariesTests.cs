using DuckDB.NET.Data;

namespace Amp.DataStore.Tests;

public class NativeLibrariesTests
{
    [Fact]
    public void ParquetSharp_native_library_loads()
    {
        var props = new ParquetSharp.WriterPropertiesBuilder().Build();
        Assert.Equal(ParquetSharp.ParquetVersion.PARQUET_2_6, props.Version);
    }

    [Fact]
    public void DuckDb_native_library_loads()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 40 + 2";
        Assert.Equal(42, Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
