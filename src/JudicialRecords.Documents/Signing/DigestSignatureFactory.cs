using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace JudicialRecords.Documents.Signing;

/// <summary>
/// Bridges BouncyCastle's structure builders (certificates, CRLs, CMS, timestamps) to a signing step done
/// elsewhere: BouncyCastle streams the to-be-signed bytes in, we hash them with SHA-256 and hand only the
/// digest to the key.
/// </summary>
public sealed class DigestSignatureFactory : ISignatureFactory
{
    private readonly Func<byte[], byte[]> _signDigest;

    public DigestSignatureFactory(SignatureAlgorithm algorithm, Func<byte[], byte[]> signDigest)
    {
        _signDigest = signDigest;
        AlgorithmDetails = algorithm switch
        {
            // PKCS#1 v1.5 signature algorithm identifiers carry an explicit NULL parameter (RFC 4055 §5).
            SignatureAlgorithm.RsaPkcs1Sha256 => new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
            SignatureAlgorithm.EcdsaSha256 => new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    public static DigestSignatureFactory For(ISigningKey key) => new(key.Algorithm, key.SignDigest);

    public static DigestSignatureFactory For(RSA rsa) =>
        new(SignatureAlgorithm.RsaPkcs1Sha256, digest => rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public object AlgorithmDetails { get; }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_signDigest);

    private sealed class Calculator(Func<byte[], byte[]> signDigest) : IStreamCalculator<IBlockResult>
    {
        private readonly HashingStream _stream = new();

        public Stream Stream => _stream;

        public IBlockResult GetResult() => new SignatureResult(signDigest(_stream.Finish()));
    }

    private sealed class SignatureResult(byte[] signature) : IBlockResult
    {
        public byte[] Collect() => (byte[])signature.Clone();

        public int Collect(byte[] buffer, int offset)
        {
            signature.CopyTo(buffer, offset);
            return signature.Length;
        }

        public int Collect(Span<byte> output)
        {
            signature.CopyTo(output);
            return signature.Length;
        }

        public int GetMaxResultLength() => signature.Length;
    }

    /// <summary>
    /// A write-only stream that hashes what it is given. BouncyCastle disposes the stream before it asks
    /// for the result, so the hash lives until <see cref="Finish"/>, not until Dispose.
    /// </summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public byte[] Finish()
        {
            using (_hash)
                return _hash.GetHashAndReset();
        }

        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);

        public override void WriteByte(byte value) => _hash.AppendData([value]);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
