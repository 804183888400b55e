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

    private string|false $ignoreArgs = false;

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
        if ($this->ignoreArgs !== false) {
            ini_set('zend.exception_ignore_args', $this->ignoreArgs);
        }
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

    /** Distribution php.ini files turn argument collection off; traces with arguments are the harder case. */
    private function collectTraceArguments(): void
    {
        $this->ignoreArgs = ini_set('zend.exception_ignore_args', '0');
    }

    /** Every string in the trace's arguments, through arrays (objects are the test's own closures). */
    private static function traceStrings(array $trace): string
    {
        $strings = '';
        array_walk_recursive($trace, static function (mixed $value) use (&$strings): void {
            if (is_string($value)) {
                $strings .= $value . "\n";
            }
        });
        return $strings;
    }

    /** The frame of Vtws\Client::$method in the exception's trace. */
    private static function frameOf(\Throwable $e, string $method): array
    {
        foreach ($e->getTrace() as $frame) {
            if (($frame['class'] ?? '') === Client::class && $frame['function'] === $method) {
                return $frame;
            }
        }
        self::fail("no $method frame in the trace:\n" . $e->getTraceAsString());
    }

    private function assertTraceHidesArgument(\Throwable $e, string $method, int $index, string $secret): void
    {
        $frame = self::frameOf($e, $method);
        self::assertArrayHasKey('args', $frame, 'arguments are collected in this test');
        self::assertInstanceOf(\SensitiveParameterValue::class, $frame['args'][$index], "argument $index of $method");
        self::assertSame($secret, $frame['args'][$index]->getValue(), 'the value is kept, only hidden');
        $shown = $e->getTraceAsString() . "\n" . $e . "\n" . self::traceStrings($e->getTrace());
        self::assertStringNotContainsString($secret, $shown);
        self::assertStringContainsString('SensitiveParameterValue', $e->getTraceAsString());
    }

    public function testLoginTracesHideTheAccessKey(): void
    {
        $this->collectTraceArguments();
        $client = $this->newClient();

        // Rejected by the server (a wrong key is still a secret) ...
        $wrong = self::ADMIN_KEY . 'x';
        $e = self::catchThrown(\Vtws\ApiException::class, fn () => $client->login(self::ADMIN_USER, $wrong));
        $this->assertTraceHidesArgument($e, 'login', 1, $wrong);
        self::assertSame(self::ADMIN_USER, self::frameOf($e, 'login')['args'][0], 'the user name stays visible');

        // ... and the right key when the transport fails during login.
        self::armFault('http500', 1, 'login');
        $e = self::catchThrown(\Vtws\TransportException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));
        $this->assertTraceHidesArgument($e, 'login', 1, self::ADMIN_KEY);

        self::armFault('html', 1, 'getchallenge');
        $e = self::catchThrown(\Vtws\ProtocolException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));
        $this->assertTraceHidesArgument($e, 'login', 1, self::ADMIN_KEY);
    }

    public function testUseSessionTracesHideTheSession(): void
    {
        $this->collectTraceArguments();
        $client = $this->newClient();

        $e = self::catchThrown(\TypeError::class, fn () => $client->useSession($this->session, 19));
        $this->assertTraceHidesArgument($e, 'useSession', 0, $this->session);

        $e = self::catchThrown(\ArgumentCountError::class, fn () => $client->useSession($this->session, '19x1', 'extra'));
        $this->assertTraceHidesArgument($e, 'useSession', 0, $this->session);
    }

    public function testAnAdoptedSessionStaysHiddenInLaterFailures(): void
    {
        $client = $this->newClient();
        $client->useSession($this->session, self::ADMIN_ID);
        self::armFault('warnings', 1, 'retrieve');

        $e = self::catchThrown(\Vtws\ProtocolException::class, fn () => $client->retrieve(self::MAIN_CONTACT));

        $this->assertNoSecret($e->getMessage() . $e->getTraceAsString() . $e . $e->getBodyExcerpt(), 'useSession client');
        $this->assertNoSecret(self::captured(fn () => var_dump($client)) . print_r($client, true) . var_export($client, true)
            . self::captured(fn () => debug_zval_dump($client)) . json_encode($client), 'useSession client dumps');
    }

    public function testALoggedInClientCannotBeSerializedOrCloned(): void
    {
        $client = $this->client;

        $e = self::catchThrown(\Exception::class, fn () => serialize($client));
        self::assertStringContainsString('Serialization of \'Vtws\Client\' is not allowed', $e->getMessage());
        $this->assertNoSecret($e->getMessage() . $e->getTraceAsString(), 'serialize');

        $e = self::catchThrown(\Error::class, fn () => clone $client);
        self::assertStringContainsString('uncloneable', $e->getMessage());
        $this->assertNoSecret($e->getMessage() . $e->getTraceAsString(), 'clone');

        $e = self::catchThrown(\Exception::class, fn () => serialize(['nested' => [$client]]));
        self::assertStringContainsString('is not allowed', $e->getMessage());
        self::assertTrue($client->isLoggedIn(), 'the refusals leave the client as it was');
    }
}
