using System.Security.Cryptography;
using System.Text;
using Modulo.Perf.Engine.Configuration;

namespace Modulo.Perf.Engine.Tests.Configuration;

public class ConfigContentHashTests
{
    [Theory]
    // FIPS 180-4's examples: one block, and 56 bytes, whose length no longer fits the first block's padding.
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Matches_the_standards_examples(string text, string expected) =>
        Assert.Equal(expected, ConfigContentHash.Of(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Matches_the_platforms_SHA256_for_every_length_around_the_block_boundaries()
    {
        var random = new Random(15);
        for (var length = 0; length <= 300; length++)
        {
            var content = new byte[length];
            random.NextBytes(content);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), ConfigContentHash.Of(content));
        }
        var large = new byte[1 << 20];
        random.NextBytes(large);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(large)), ConfigContentHash.Of(large));
    }
}
