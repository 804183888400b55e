<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

/** After a real login, nothing the client prints or throws contains the access key or session. */
final class SecretsTest extends TestCase
{
    private Client $client;
    private string $session;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient();
        $this->session = (string) $this->client->getSessionName();
        self::assertNotSame('', $this->session);
    }

    protected function tearDown(): void
    {
        self::clearFaults();
    }

    private function assertNoSecret(string $text, string $where): void
    {
        self::assertStringNotContainsString(self::ADMIN_KEY, $text, "$where shows the access key");
        self::assertStringNotContainsString($this->session, $text, "$where shows the session name");
    }

    private static function captured(callable $print): string
    {
        ob_start();
        $print();
        return (string) ob_get_clean();
    }

    public function testDumpsOfALoggedInClient(): void
    {
        $client = $this->client;
        $this->assertNoSecret(self::captured(fn () => var_dump($client)), 'var_dump');
        $this->assertNoSecret(print_r($client, true), 'print_r');
        $this->assertNoSecret(var_export($client, true), 'var_export');
        $this->assertNoSecret(self::captured(fn () => debug_zval_dump($client)), 'debug_zval_dump');
        $this->assertNoSecret((string) json_encode($client), 'json_encode');
        $this->assertNoSecret(print_r((array) $client, true), 'array cast');

        // The view is still informative.
        self::assertStringContainsString(self::ADMIN_USER, print_r($client, true));
        self::assertStringContainsString('***', print_r($client, true));
    }

    public function testExceptionsNeverCarryTheSecrets(): void
    {
        $client = $this->client;
        $failures = [
            fn () => $client->retrieve('12x999999'),
            fn () => $client->query('SELECT * FROM Contacts WHERE lastname ='),
            fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY . 'wrong'),
        ];
        foreach (['html', 'warnings', 'truncate', 'http500', 'http502_html', 'drop', 'nonjson'] as $kind) {
            $failures[] = function () use ($client, $kind) {
                self::armFault($kind, 1, 'retrieve');
                $client->retrieve(self::MAIN_CONTACT);
            };
        }
        foreach ($failures as $index => $failure) {
            $e = self::catchThrown(\Vtws\Exception::class, $failure);
            $text = $e->getMessage() . "\n" . $e->getTraceAsString() . "\n" . $e . "\n" . print_r($e, true);
            if ($e instanceof \Vtws\TransportException || $e instanceof \Vtws\ProtocolException) {
                $text .= $e->getBodyExcerpt();
            }
            $this->assertNoSecret($text, "failure #$index (" . get_class($e) . ')');
        }
    }

    public function testSessionInAGetUrlDoesNotLeakIntoATimeoutMessage(): void
    {
        $client = $this->loggedInClient(['timeout' => 0.5]);
        $session = (string) $client->getSessionName();
        self::armFault('latency', 1, 'query', 3000);

        $e = self::catchThrown(\Vtws\TransportException::class, fn () => $client->query('SELECT id FROM Contacts'));

        self::assertStringNotContainsString($session, $e->getMessage() . $e->getTraceAsString());
    }

    public function testTheTransparentReloginKeepsTheKeyHidden(): void
    {
        self::expireSessions();
        $this->client->listTypes();

        $fresh = (string) $this->client->getSessionName();
        self::assertNotSame($this->session, $fresh);
        $dump = self::captured(fn () => var_dump($this->client));
        self::assertStringNotContainsString(self::ADMIN_KEY, $dump);
        self::assertStringNotContainsString($fresh, $dump);
    }
}
