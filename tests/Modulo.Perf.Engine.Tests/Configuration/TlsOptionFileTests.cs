using Modulo.Perf.Engine.Configuration;
using Modulo.Perf.Engine.Outcome;
using Modulo.Perf.Engine.SourceText;
using Modulo.Perf.Engine.Tests.Infrastructure;

namespace Modulo.Perf.Engine.Tests.Configuration;

/// <summary>The files tlsCaFile, tlsClientCert and tlsClientKey name are read and checked when the config is loaded.</summary>
public class TlsOptionFileTests
{
    private static ConfigurationException LoadError(TempConfig config) =>
        Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(config.Path));

    [Fact]
    public void A_missing_ca_file_is_an_error_at_the_option()
    {
        using var config = new TempConfig("""
            {
              "tlsCaFile": "missing.pem"
            }
            """);

        var error = LoadError(config);

        Assert.Equal(new SourceLocation(config.Path, 2, 17), error.Location);
        Assert.Contains($"cannot read 'tlsCaFile' of the configuration ({Path.Combine(config.Directory, "missing.pem")})", error.Message);
    }

    [Fact]
    public void A_ca_file_without_a_pem_certificate_is_an_error_at_the_option()
    {
        using var config = new TempConfig("""{ "tlsCaFile": "ca.pem" }""");
        File.WriteAllText(Path.Combine(config.Directory, "ca.pem"), "not a certificate\n");

        var error = LoadError(config);

        Assert.Equal(new SourceLocation(config.Path, 1, 17), error.Location);
        Assert.Contains("holds no PEM certificate", error.Message);
    }

    [Fact]
    public void A_key_of_another_certificate_is_an_error_at_tlsClientKey()
    {
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Client(authority);
        using var other = TestCertificates.Client(authority);
        using var config = new TempConfig("""{ "tlsClientCert": "client.pem", "tlsClientKey": "other.key" }""");
        TestCertificates.WritePem(client, Path.Combine(config.Directory, "client.pem"));
        TestCertificates.WritePem(other, Path.Combine(config.Directory, "other.pem"), Path.Combine(config.Directory, "other.key"));

        var error = LoadError(config);

        Assert.Equal(new SourceLocation(config.Path, 1, 51), error.Location);
        Assert.Contains("no unencrypted PEM private key matching the client certificate", error.Message);
    }

    [Fact]
    public void A_client_certificate_and_key_in_one_file_are_loaded_together()
    {
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Client(authority);
        using var config = new TempConfig("""{ "tlsClientCert": "client.pem" }""");
        var certificatePath = Path.Combine(config.Directory, "client.pem");
        var keyPath = Path.Combine(config.Directory, "client.key");
        TestCertificates.WritePem(client, certificatePath, keyPath);
        File.AppendAllText(certificatePath, File.ReadAllText(keyPath));

        var loaded = ConfigLoader.Load(config.Path).Tls.ClientCertificate;

        Assert.NotNull(loaded);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(client.Thumbprint, loaded.Thumbprint);
    }

    [Fact]
    public async Task The_command_exits_3_at_the_option_before_any_load()
    {
        using var config = new TempConfig("""
            {
              "baseUrl": "https://127.0.0.1:1/",
              "suites": ["crud"],
              "tlsClientCert": "nowhere/client.pem"
            }
            """);

        var (exitCode, _, output) = await Infrastructure.Engine.RunProcessAsync(config);

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains($"{config.Path}(4,21): error: cannot read 'tlsClientCert' of the configuration", output);
    }
}
