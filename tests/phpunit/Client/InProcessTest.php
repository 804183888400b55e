<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once dirname(__DIR__) . '/Shared/InProcessTransport.php';

use PHPUnit\Framework\TestCase as PHPUnitTestCase;
use Vtws\Client;
use Vtws\Tests\Shared\InProcessTransport;
use Vtws\TransportException;

/** What only an in-process client does: its user, no session, $current_user, PHP errors. */
final class InProcessTest extends PHPUnitTestCase
{
    private InProcessTransport $transport;

    protected function setUp(): void
    {
        if (InProcessTransport::insideVtiger()) {
            self::markTestSkipped('runs against the test server\'s in-process entry point');
        }
        $this->transport = new InProcessTransport();
        $this->transport->control('reset');
        $this->transport->control('fault/clear');
    }

    protected function tearDown(): void
    {
        unset($GLOBALS['current_user']);
    }

    public function testRunsAsTheGivenUserWithoutASession(): void
    {
        $client = Client::inProcess(5);

        self::assertSame('19x5', $client->getUserId());
        self::assertTrue($client->isLoggedIn());
        self::assertNull($client->getSessionName());
        self::assertSame('inprocess:', $client->getUrl());
        $created = $client->create('Contacts', ['lastname' => 'By jdoe', 'assigned_user_id' => '19x5']);
        self::assertSame('19x5', $client->retrieve($created['id'])['assigned_user_id']);
    }

    public function testDefaultsToTheCurrentUser(): void
    {
        $GLOBALS['current_user'] = (new \Users())->retrieveCurrentUserInfoFromFile(5);

        self::assertSame('19x5', Client::inProcess()->getUserId());
    }

    public function testOnlyTheOptionsThatApplyInProcessAreAccepted(): void
    {
        $client = Client::inProcess(1, ['typed' => true, 'preserve_description' => false]);
        $view = print_r($client, true);

        self::assertStringContainsString('[typed] => 1', $view);
        self::assertStringContainsString('[preserve_description] => ', $view);
        foreach (['timeout' => 5, 'auto_relogin' => true, 'proxy' => ''] as $name => $value) {
            $error = null;
            try {
                Client::inProcess(1, [$name => $value]);
            } catch (\ValueError $error) {
            }
            self::assertNotNull($error, $name);
            self::assertSame("Option \"$name\" applies to HTTP clients only; Client::inProcess() accepts "
                . 'preserve_description, typed', $error->getMessage());
        }
        $this->expectException(\TypeError::class);
        $this->expectExceptionMessage('Option "typed" must be of type bool, string given');
        Client::inProcess(1, ['typed' => 'yes']);
    }

    public function testAnUnknownOptionIsAValueErrorNamingTheAcceptedOnes(): void
    {
        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('Unknown option "typo"; Client::inProcess() accepts preserve_description, typed');
        Client::inProcess(1, ['typo' => 1]);
    }

    public function testWithoutUserIdOrCurrentUserIsAValueError(): void
    {
        unset($GLOBALS['current_user']);

        $this->expectException(\ValueError::class);
        $this->expectExceptionMessage('no current user');
        Client::inProcess();
    }

    /** @return iterable<string, array{int}> */
    public static function notActiveUsers(): iterable
    {
        yield 'inactive' => [6];
        yield 'missing' => [999];
        yield 'zero' => [0];
        yield 'negative' => [-1];
    }

    /** @dataProvider notActiveUsers */
    public function testOnlyAnActiveUserIsAccepted(int $userId): void
    {
        $this->expectException(\ValueError::class);
        Client::inProcess($userId);
    }

    public function testCurrentUserIsTheClientsDuringTheCallAndRestoredAfter(): void
    {
        $mine = (new \Users())->retrieveCurrentUserInfoFromFile(1);
        $GLOBALS['current_user'] = $mine;
        $client = Client::inProcess(5);

        $client->retrieve('12x3');

        self::assertSame($mine, $GLOBALS['current_user']);
    }

    public function testSessionMethodsAreRefused(): void
    {
        $client = Client::inProcess(1);

        foreach ([
            'login' => fn () => $client->login('admin', 'vtwsAdminAccessK'),
            'useSession' => fn () => $client->useSession('abc'),
            'extendSession' => fn () => $client->extendSession(),
            'login()' => fn () => $client->call('login', ['username' => 'admin']),
            'logout()' => fn () => $client->call('logout'),
        ] as $what => $work) {
            try {
                $work();
                self::fail("$what was not refused");
            } catch (\LogicException $e) {
                self::assertStringContainsString('in-process client has no session', $e->getMessage(), $what);
            }
        }
        $client->logout();
        self::assertTrue($client->isLoggedIn(), 'logout() without a session changes nothing');
        self::assertSame('12x3', $client->retrieve('12x3')['id']);
    }

    public function testAPhpErrorIsATransportExceptionWithTheErrorAsPrevious(): void
    {
        $this->transport->control('profile', ['name' => 'stock']);
        $client = Client::inProcess(1);

        try {
            $client->call('gettranslation', ['totranslate' => ['Contacts']]);
            self::fail('expected a TransportException');
        } catch (TransportException $e) {
            self::assertSame(500, $e->getHttpStatus());
            self::assertInstanceOf(\Error::class, $e->getPrevious());
            self::assertStringContainsString('uncaught Error', $e->getMessage());
        }
    }

    public function testUnknownOperationKeepsVtigersExceptionAsPrevious(): void
    {
        try {
            Client::inProcess(1)->call('no_such_operation');
            self::fail('expected a TransportException');
        } catch (TransportException $e) {
            self::assertInstanceOf(\WebServiceException::class, $e->getPrevious());
            self::assertSame('Unknown operation requested', $e->getPrevious()->getMessage());
        }
    }

    public function testParametersReachTheHandlerAsStringsOrDecodedJson(): void
    {
        $client = Client::inProcess(1);

        $rows = $client->query('SELECT id FROM Contacts WHERE id = ? LIMIT ?', ['12x3', 5]);
        $translated = $client->call('gettranslation', ['totranslate' => ['LBL_SAVE'], 'language' => 'ru_ru',
            'module' => 'Contacts']);

        self::assertSame(['12x3'], array_column($rows, 'id'));
        self::assertSame(['LBL_SAVE' => 'Сохранить'], $translated);
    }

    public function testBadParameterIsAValueErrorBeforeAnythingRuns(): void
    {
        $client = Client::inProcess(1);

        $this->expectException(\ValueError::class);
        $client->call('gettranslation', ['totranslate' => ["\xff"]]);
    }
}
