<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';
require_once dirname(__DIR__) . '/StandaloneServer.php';

use Vtws\ApiException;
use Vtws\Client;
use Vtws\ProtocolException;
use Vtws\Tests\StandaloneServer;
use Vtws\TransportException;

/** Every injected fault maps to its exception class, and the client survives it. */
final class FaultsTest extends TestCase
{
    private Client $client;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient(['timeout' => 10]);
        self::resetStats();
    }

    protected function tearDown(): void
    {
        self::clearFaults();
    }

    /** kind => [exception class, HTTP status the exception reports, text the message must hold] */
    public static function faultKinds(): array
    {
        return [
            'http500' => ['http500', TransportException::class, 500, 'HTTP 500'],
            'http502_html' => ['http502_html', TransportException::class, 502, '502 Bad Gateway'],
            'drop' => ['drop', TransportException::class, 200, 'curl error'],
            'html' => ['html', ProtocolException::class, 200, 'HTML page'],
            'warnings' => ['warnings', ProtocolException::class, 200, 'warnings'],
            'truncate' => ['truncate', ProtocolException::class, 200, 'truncated'],
            'nonjson' => ['nonjson', ProtocolException::class, 200, 'body: "OK"'],
            'empty200' => ['empty200', ProtocolException::class, 200, 'empty'],
        ];
    }

    /** @dataProvider faultKinds */
    public function testFaultMapsToItsExceptionAndTheClientStaysUsable(string $kind, string $class, int $status,
        string $text): void
    {
        self::armFault($kind, 1, 'retrieve');

        $e = self::catchThrown($class, fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertInstanceOf(\Vtws\Exception::class, $e);
        self::assertStringContainsString($text, $e->getMessage());
        self::assertSame('retrieve', $e->getOperation());
        self::assertStringContainsString('retrieve', $e->getMessage());
        if ($kind !== 'drop') {
            self::assertSame($status, $e->getHttpStatus());
        }
        self::assertSame(self::MAIN_CONTACT, $this->client->retrieve(self::MAIN_CONTACT)['id'], 'next call works');
    }

    public function testHtmlFaultExcerptShowsTheBody(): void
    {
        self::armFault('html', 1, 'retrieve');

        $e = self::catchThrown(ProtocolException::class, fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertStringContainsString('Database connection failed', $e->getBodyExcerpt());
        self::assertStringNotContainsString("\n", $e->getBodyExcerpt(), 'whitespace runs are folded');
    }

    public function testTruncatedBodyReportsAnOffset(): void
    {
        self::armFault('truncate', 1, 'retrieve');

        $e = self::catchThrown(ProtocolException::class, fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertGreaterThan(0, $e->getOffset());
    }

    public function testCode0IsAnApiExceptionWithCodeZero(): void
    {
        self::armFault('code0', 1, 'retrieve');

        $e = self::apiError(fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertSame('0', $e->getVtigerCode());
        self::assertSame('retrieve', $e->getOperation());
        self::assertSame(self::MAIN_CONTACT, $this->client->retrieve(self::MAIN_CONTACT)['id']);
    }

    public function testLatencyBeyondTheTimeoutIsATransportException(): void
    {
        $client = $this->loggedInClient(['timeout' => 0.5]);
        self::armFault('latency', 1, 'retrieve', 3000);

        $e = self::catchThrown(TransportException::class, fn () => $client->retrieve(self::MAIN_CONTACT));

        self::assertSame(0, $e->getHttpStatus());
        self::assertStringContainsString('curl error 28', $e->getMessage());
    }

    public function testLatencyWithinTheTimeoutIsHarmless(): void
    {
        self::armFault('latency', 1, 'retrieve', 200);

        self::assertSame(self::MAIN_CONTACT, $this->client->retrieve(self::MAIN_CONTACT)['id']);
    }

    public function testRetriesRepeatAGetAfterADrop(): void
    {
        $client = $this->loggedInClient(['retries' => 2]);
        self::resetStats();
        self::armFault('drop', 1, 'retrieve');

        self::assertSame(self::MAIN_CONTACT, $client->retrieve(self::MAIN_CONTACT)['id']);
        self::assertSame(2, self::requestCount('retrieve'));
    }

    public function testRetriesRepeatAGetAfterA502(): void
    {
        $client = $this->loggedInClient(['retries' => 3]);
        self::resetStats();
        self::armFault('http502_html', 2, 'query');

        self::assertCount(1, $client->query('SELECT id FROM Contacts WHERE id = ?', [self::MAIN_CONTACT]));
        self::assertSame(3, self::requestCount('query'));
    }

    public function testRetriesGiveUpAfterTheConfiguredCount(): void
    {
        $client = $this->loggedInClient(['retries' => 1]);
        self::resetStats();
        self::armFault('http502_html', 5, 'retrieve');

        $e = self::catchThrown(TransportException::class, fn () => $client->retrieve(self::MAIN_CONTACT));

        self::assertSame(502, $e->getHttpStatus());
        self::assertSame(2, self::requestCount('retrieve'));
    }

    public function testRetriesNeverRepeatAPost(): void
    {
        $client = $this->loggedInClient(['retries' => 3]);
        $before = $client->count('Contacts');
        self::resetStats();
        self::armFault('drop', 1, 'create');

        self::catchThrown(TransportException::class,
            fn () => $client->create('Contacts', ['lastname' => 'Once only', 'assigned_user_id' => self::ADMIN_ID]));

        self::assertSame(1, self::requestCount('create'));
        // The dropped answer does not tell whether the record exists; it must at most exist once.
        self::assertLessThanOrEqual($before + 1, $client->count('Contacts'));
        self::armFault('http502_html', 1, 'create');
        self::resetStats();
        self::catchThrown(TransportException::class,
            fn () => $client->create('Contacts', ['lastname' => 'Once only', 'assigned_user_id' => self::ADMIN_ID]));
        self::assertSame(1, self::requestCount('create'));
    }

    public function testWithoutRetriesADropFailsAtOnce(): void
    {
        self::armFault('drop', 1, 'retrieve');

        self::catchThrown(TransportException::class, fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertSame(1, self::requestCount('retrieve'));
    }

    public function testMaxResponseSizeStopsALargeAnswer(): void
    {
        $client = $this->loggedInClient(['max_response_size' => 1024]);

        $e = self::catchThrown(TransportException::class, fn () => $client->query('SELECT * FROM Contacts LIMIT 50'));

        self::assertStringContainsString('max_response_size', $e->getMessage());
        self::assertCount(1, $client->query('SELECT id FROM Contacts WHERE id = ?', [self::MAIN_CONTACT]),
            'a small answer still fits');
    }

    public function testFaultDuringLoginSurfacesAndLoginCanBeRepeated(): void
    {
        self::armFault('http500', 1, 'login');
        $client = $this->newClient();

        $e = self::catchThrown(TransportException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));

        self::assertSame('login', $e->getOperation());
        self::assertFalse($client->isLoggedIn());
        $client->login(self::ADMIN_USER, self::ADMIN_KEY);
        self::assertTrue($client->isLoggedIn());
    }

    public function testApiErrorsAreNotProtocolOrTransportErrors(): void
    {
        $e = self::apiError(fn () => $this->client->retrieve('12x999999'));

        self::assertNotInstanceOf(ProtocolException::class, $e);
        self::assertInstanceOf(\RuntimeException::class, $e);
        self::assertStringContainsString('[ACCESS_DENIED]', $e->getMessage());
    }

    public function testConnectionRefusedThenTheServerComesUp(): void
    {
        $server = StandaloneServer::onFreePort();
        $client = new Client($server->url(), ['timeout' => 10, 'connect_timeout' => 5]);
        try {
            $e = self::catchThrown(TransportException::class, fn () => $client->login(self::ADMIN_USER, self::ADMIN_KEY));
            self::assertSame(0, $e->getHttpStatus());
            self::assertSame('getchallenge', $e->getOperation());
            self::assertStringContainsString('curl error 7', $e->getMessage());
            self::assertStringContainsString('127.0.0.1', $e->getMessage(), 'the message says where it tried');

            $server->start();
            $client->login(self::ADMIN_USER, self::ADMIN_KEY);
            self::assertSame(self::MAIN_CONTACT, $client->retrieve(self::MAIN_CONTACT)['id'], 'the same client works now');
        } finally {
            $server->destroy();
        }
    }

    public function testUnresolvableHostIsATransportException(): void
    {
        $client = new Client('http://vtws-no-such-host.invalid/crm', ['timeout' => 10, 'connect_timeout' => 5]);
        $client->useSession('not-a-real-session');

        foreach ([fn () => $client->listTypes(), fn () => $client->retrieve(self::MAIN_CONTACT)] as $call) {
            $e = self::catchThrown(TransportException::class, $call);
            self::assertSame(0, $e->getHttpStatus());
            self::assertStringContainsString('curl error 6', $e->getMessage());
            self::assertStringContainsString('vtws-no-such-host.invalid', $e->getMessage());
        }
        self::assertTrue($client->isLoggedIn(), 'a transport failure does not drop the session');
        self::assertSame(self::MAIN_CONTACT, $this->client->retrieve(self::MAIN_CONTACT)['id'], 'other clients are unaffected');
    }

    public function testTimeoutInTheMiddleOfTheBody(): void
    {
        $client = $this->loggedInClient(['timeout' => 1]);
        self::armFault('stall', 1, 'query', 4000);

        $e = self::catchThrown(TransportException::class,
            fn () => $client->query('SELECT id, lastname FROM Contacts LIMIT 20'));

        self::assertSame('query', $e->getOperation());
        self::assertStringContainsString('curl error 28', $e->getMessage());
        self::assertStringContainsString('query', $e->getMessage());
        self::assertCount(20, $client->query('SELECT id, lastname FROM Contacts LIMIT 20'), 'the next call works');
    }

    public function testDeeplyNestedJsonIsAProtocolException(): void
    {
        self::armFault('nested', 1, 'retrieve');

        $e = self::catchThrown(ProtocolException::class, fn () => $this->client->retrieve(self::MAIN_CONTACT));

        self::assertSame('retrieve', $e->getOperation());
        self::assertSame(200, $e->getHttpStatus());
        self::assertMatchesRegularExpression('/nest|deep|depth/i', $e->getMessage());
        self::assertLessThanOrEqual(1000, strlen($e->getBodyExcerpt()), 'the excerpt stays short');
        self::assertSame(self::MAIN_CONTACT, $this->client->retrieve(self::MAIN_CONTACT)['id'], 'next call works');
    }

    public function testHttp500WithAnEmptyBodyAsVtigerSendsIt(): void
    {
        self::armFault('http500', 1, 'describe');

        $e = self::catchThrown(TransportException::class, fn () => $this->client->describe('Contacts'));

        self::assertSame(500, $e->getHttpStatus());
        self::assertSame('', $e->getBodyExcerpt());
        self::assertStringContainsString('describe', $e->getMessage());
        self::assertSame('Contacts', $this->client->describe('Contacts')['name'], 'next call works');
    }

    public function testOversizedAnswerLeavesTheClientUsable(): void
    {
        $client = $this->loggedInClient(['max_response_size' => 4096]);

        $e = self::catchThrown(TransportException::class, fn () => $client->describe('Contacts'));

        self::assertSame('describe', $e->getOperation());
        self::assertStringContainsString('max_response_size', $e->getMessage());
        self::assertStringContainsString('4096', $e->getMessage());
        self::assertSame(self::MAIN_CONTACT, $client->retrieve(self::MAIN_CONTACT)['id'], 'next call works');
    }
}
