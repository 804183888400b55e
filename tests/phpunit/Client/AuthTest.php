<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

final class AuthTest extends TestCase
{
    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        self::resetStats();
    }

    public function testLoginReturnsTheUserAndFillsTheAccessors(): void
    {
        $client = $this->newClient();
        self::assertFalse($client->isLoggedIn());
        self::assertNull($client->getSessionName());

        $result = $client->login(self::ADMIN_USER, self::ADMIN_KEY);

        foreach (['sessionName', 'userId', 'version', 'vtigerVersion', 'username', 'is_admin'] as $key) {
            self::assertArrayHasKey($key, $result);
        }
        self::assertSame(self::ADMIN_USER, $result['username']);
        self::assertTrue($client->isLoggedIn());
        self::assertSame($result['sessionName'], $client->getSessionName());
        self::assertSame(self::ADMIN_ID, $client->getUserId());
        self::assertSame($result['version'], $client->getApiVersion());
        self::assertSame($result['vtigerVersion'], $client->getVtigerVersion());
        self::assertSame(1, self::requestCount('getchallenge'));
        self::assertSame(1, self::requestCount('login'));
    }

    public function testLoginSendsGetchallengeByGetAndLoginByPost(): void
    {
        $this->loggedInClient();

        $log = self::requestLog();
        self::assertSame(['GET', 'getchallenge'], [$log[0]['method'], $log[0]['operation']]);
        self::assertSame(['POST', 'login'], [$log[1]['method'], $log[1]['operation']]);
        $sources = array_column($log[1]['params'], 'source', 'name');
        self::assertSame('body', $sources['accessKey'] ?? null, 'the access key hash must travel in the body');
    }

    public function testEachLoginGetsANewSession(): void
    {
        $first = $this->loggedInClient();
        $second = $this->loggedInClient();

        self::assertNotSame($first->getSessionName(), $second->getSessionName());
        // Older sessions stay valid, as on a real Vtiger.
        self::assertNotEmpty($first->listTypes()['types']);
    }

    public function testWrongAccessKeyIsInvalidUserCredentials(): void
    {
        $client = $this->newClient();
        $e = self::apiError(fn () => $client->login(self::ADMIN_USER, 'not-the-right-key'));

        self::assertSame('INVALID_USER_CREDENTIALS', $e->getVtigerCode());
        self::assertSame('login', $e->getOperation());
        self::assertFalse($client->isLoggedIn());
        self::assertStringNotContainsString('not-the-right-key', (string) $e);
    }

    public function testUnknownUserIsRefusedAtGetchallenge(): void
    {
        $client = $this->newClient();
        $e = self::apiError(fn () => $client->login('nobody-here', 'whatever'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('getchallenge', $e->getOperation());
        self::assertSame(0, self::requestCount('login'));
    }

    public function testSecondUserLogsInWithItsOwnKey(): void
    {
        $client = $this->newClient();
        $result = $client->login(self::OTHER_USER, self::OTHER_KEY);

        self::assertSame(self::OTHER_USER, $result['username']);
        self::assertNotSame(self::ADMIN_ID, $client->getUserId());
    }

    public function testUseSessionAdoptsASessionFromAnotherClient(): void
    {
        $owner = $this->loggedInClient();
        $borrower = $this->newClient();

        $borrower->useSession($owner->getSessionName(), $owner->getUserId());

        self::assertTrue($borrower->isLoggedIn());
        self::assertSame($owner->getUserId(), $borrower->getUserId());
        self::assertSame(self::MAIN_CONTACT, $borrower->retrieve(self::MAIN_CONTACT)['id']);
        self::assertSame(1, self::requestCount('login'), 'useSession must not log in');
    }

    public function testUseSessionWithAnUnknownSessionFailsWithInvalidSessionId(): void
    {
        $client = $this->newClient();
        $client->useSession('0123456789abcdef01234');

        $e = self::apiError(fn () => $client->listTypes());
        self::assertSame('INVALID_SESSIONID', $e->getVtigerCode());
    }

    public function testWithoutASessionTheServerAsksForAuthentication(): void
    {
        $client = $this->newClient();

        $e = self::apiError(fn () => $client->listTypes());
        self::assertSame('AUTHENTICATION_REQUIRED', $e->getVtigerCode());
    }

    public function testLogoutEndsTheSessionEverywhere(): void
    {
        $client = $this->loggedInClient();
        $session = $client->getSessionName();

        $client->logout();

        self::assertFalse($client->isLoggedIn());
        self::assertNull($client->getSessionName());
        self::assertSame(1, self::requestCount('logout'));
        // The same client no longer holds a session and must not log in again by itself.
        $e = self::apiError(fn () => $client->listTypes());
        self::assertContains($e->getVtigerCode(), ['AUTHENTICATION_REQUIRED', 'INVALID_SESSIONID']);
        self::assertSame(1, self::requestCount('login'));
        // The old session is dead on the server too.
        $other = $this->newClient();
        $other->useSession($session);
        self::assertSame('INVALID_SESSIONID', self::apiError(fn () => $other->listTypes())->getVtigerCode());
    }

    public function testLogoutWithoutSessionSendsNothing(): void
    {
        $client = $this->newClient();
        $client->logout();

        self::assertSame(0, self::totalRequests());
    }

    public function testExtendSessionKeepsTheSession(): void
    {
        $client = $this->loggedInClient();
        $session = $client->getSessionName();

        $result = $client->extendSession();

        self::assertSame($session, $result['sessionName']);
        self::assertSame($session, $client->getSessionName());
        self::assertSame(1, self::requestCount('extendsession'));
        self::assertNotEmpty($client->listTypes()['types']);
    }

    public function testExpiredSessionIsRenewedTransparentlyExactlyOnce(): void
    {
        $client = $this->loggedInClient();
        $before = $client->getSessionName();
        self::expireSessions();
        self::resetStats();

        $record = $client->retrieve(self::MAIN_CONTACT);

        self::assertSame(self::MAIN_CONTACT, $record['id']);
        self::assertNotSame($before, $client->getSessionName());
        self::assertSame(1, self::requestCount('getchallenge'));
        self::assertSame(1, self::requestCount('login'));
        self::assertSame(2, self::requestCount('retrieve'), 'the failed call is repeated once');
        self::assertSame(4, self::totalRequests());
    }

    public function testAutoReloginFalseSurfacesInvalidSessionId(): void
    {
        $client = $this->loggedInClient(['auto_relogin' => false]);
        self::expireSessions();
        self::resetStats();

        $e = self::apiError(fn () => $client->retrieve(self::MAIN_CONTACT));

        self::assertSame('INVALID_SESSIONID', $e->getVtigerCode());
        self::assertSame('retrieve', $e->getOperation());
        self::assertSame(0, self::requestCount('login'));
        self::assertSame(1, self::totalRequests());
    }

    public function testUseSessionAloneCannotRelogin(): void
    {
        $client = $this->newClient();
        $client->useSession('0123456789abcdef01234');

        self::apiError(fn () => $client->retrieve(self::MAIN_CONTACT));
        self::assertSame(0, self::requestCount('login'), 'no credentials are known: nothing to log in with');
    }

    public function testLoginAgainReplacesTheSessionAndUser(): void
    {
        $client = $this->loggedInClient();
        $client->login(self::OTHER_USER, self::OTHER_KEY);

        self::assertNotSame(self::ADMIN_ID, $client->getUserId());
        self::expireSessions();
        $client->listTypes();
        // The transparent re-login uses the latest credentials.
        $log = self::requestLog();
        $challenges = array_values(array_filter($log, fn ($r) => $r['operation'] === 'getchallenge'));
        self::assertCount(3, $challenges);
        self::assertNotSame(self::ADMIN_ID, $client->getUserId());
    }

    public function testFailedLoginKeepsThePreviousSession(): void
    {
        $client = $this->loggedInClient();
        $session = $client->getSessionName();

        self::apiError(fn () => $client->login(self::ADMIN_USER, 'wrong'));

        self::assertSame($session, $client->getSessionName());
        self::assertNotEmpty($client->listTypes()['types']);
    }
}
