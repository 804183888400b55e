<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;
use Vtws\TransportException;

/**
 * HTTPS against a local TLS proxy in front of the test server, with certificates made for
 * the test by the openssl command: verification is on by default, a private CA is trusted
 * through ca_file, and only the explicit verify_peer => false turns checking off.
 */
final class TlsTest extends TestCase
{
    private static string $dir;
    private static string $caFile;
    /** @var array<string, array{process: resource, url: string}> */
    private static array $proxies = [];

    public static function setUpBeforeClass(): void
    {
        self::$dir = sys_get_temp_dir() . '/vtws-tls-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir(self::$dir);
        self::$caFile = self::$dir . '/ca.pem';
        self::openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
            '-keyout', self::$dir . '/ca.key', '-out', self::$caFile, '-days', '2', '-subj', '/CN=vtws test CA']);
        self::$proxies['good'] = self::startProxy(self::serverCertificate('good', '127.0.0.1', 'IP:127.0.0.1,DNS:localhost'));
        self::$proxies['wrong-host'] = self::startProxy(self::serverCertificate('wrong-host', 'crm.example.org', 'DNS:crm.example.org'));
    }

    public static function tearDownAfterClass(): void
    {
        foreach (self::$proxies as $proxy) {
            proc_terminate($proxy['process']);
            proc_close($proxy['process']);
        }
        self::$proxies = [];
        foreach (glob(self::$dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        @rmdir(self::$dir);
    }

    protected function setUp(): void
    {
        self::clearFaults();
    }

    private static function openssl(array $args): void
    {
        $process = proc_open(['openssl', ...$args], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($process, 'the openssl command is needed');
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        self::assertSame(0, proc_close($process), 'openssl ' . implode(' ', $args) . ":\n" . $output);
    }

    /** A certificate signed by the test CA; returns the PEM file holding it and its key. */
    private static function serverCertificate(string $name, string $commonName, string $altNames): string
    {
        $base = self::$dir . '/' . $name;
        self::openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
            '-keyout', "$base.key", '-out', "$base.csr", '-subj', "/CN=$commonName"]);
        file_put_contents("$base.ext", "subjectAltName=$altNames\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        self::openssl(['x509', '-req', '-in', "$base.csr", '-CA', self::$caFile, '-CAkey', self::$dir . '/ca.key',
            '-CAcreateserial', '-out', "$base.crt", '-days', '2', '-extfile', "$base.ext"]);
        file_put_contents("$base.pem", file_get_contents("$base.crt") . file_get_contents("$base.key"));
        return "$base.pem";
    }

    /** @return array{process: resource, url: string} */
    private static function startProxy(string $pem): array
    {
        $backend = (string) parse_url(self::baseUrl(), PHP_URL_HOST) . ':' . (int) parse_url(self::baseUrl(), PHP_URL_PORT);
        $process = proc_open([PHP_BINARY, '-n', dirname(__DIR__) . '/tls-proxy.php', $pem, $backend],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', self::$dir . '/proxy.log', 'a']], $pipes);
        self::assertIsResource($process);
        $line = (string) fgets($pipes[1]);
        self::assertMatchesRegularExpression('/^listening \d+$/', trim($line),
            'the TLS proxy did not start: ' . @file_get_contents(self::$dir . '/proxy.log'));
        return ['process' => $process, 'url' => 'https://127.0.0.1:' . (int) substr(trim($line), 10)];
    }

    private static function tlsClient(string $proxy, array $options = []): Client
    {
        return new Client(self::$proxies[$proxy]['url'], $options + ['timeout' => 30, 'connect_timeout' => 10]);
    }

    private static function assertFullSession(Client $client): void
    {
        $client->login(self::ADMIN_USER, self::ADMIN_KEY);
        self::assertSame(self::ADMIN_ID, $client->getUserId());
        self::assertSame([self::MAIN_CONTACT], self::ids($client->query('SELECT id FROM Contacts WHERE id = ?', [self::MAIN_CONTACT])));
        self::assertSame(self::MAIN_CONTACT, $client->retrieve(self::MAIN_CONTACT)['id']);
    }

    public function testAnUnknownCertificateAuthorityIsRefusedByDefault(): void
    {
        $client = self::tlsClient('good');

        $e = self::catchThrown(TransportException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));

        self::assertSame(0, $e->getHttpStatus());
        self::assertSame('getchallenge', $e->getOperation());
        self::assertStringContainsString('certificate', $e->getMessage());
        self::assertStringContainsString('curl error 60', $e->getMessage());
        self::assertFalse($client->isLoggedIn());
    }

    public function testCaFileMakesTheSameServerTrusted(): void
    {
        self::assertFullSession(self::tlsClient('good', ['ca_file' => self::$caFile]));
    }

    public function testVerificationIsOffOnlyWithTheExplicitOption(): void
    {
        self::catchThrown(TransportException::class, fn () => self::tlsClient('good', ['verify_peer' => true])
            ->login(self::ADMIN_USER, self::ADMIN_KEY));
        self::assertFullSession(self::tlsClient('good', ['verify_peer' => false]));
        self::assertFullSession(self::tlsClient('wrong-host', ['verify_peer' => false]));
    }

    public function testAHostNameMismatchIsRefusedEvenWithTheRightCa(): void
    {
        $client = self::tlsClient('wrong-host', ['ca_file' => self::$caFile]);

        $e = self::catchThrown(TransportException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));

        self::assertSame(0, $e->getHttpStatus());
        self::assertMatchesRegularExpression('/certificate|subject name|host ?name/i', $e->getMessage());
        self::assertStringContainsString('127.0.0.1', $e->getMessage(), 'the message names the host it expected');
    }

    public function testACaFileThatCannotBeReadIsAValueError(): void
    {
        $e = self::catchThrown(\ValueError::class, fn () => self::tlsClient('good', ['ca_file' => self::$dir . '/missing.pem']));

        self::assertStringContainsString('ca_file', $e->getMessage());
    }
}
