<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\LoggedInUser;
use Vtws\TestServer\OperationManager;
use Vtws\TestServer\WebServiceException;

/** getchallenge, login, logout, extendsession (include/Webservices/AuthToken.php, Login.php, ...). */
final class Auth
{
    private const TOKEN_LIFETIME = 300;

    public function __construct(private readonly Context $ctx)
    {
    }

    public function getchallenge(?string $username): array
    {
        if ($username === null) {
            throw new WebServiceException('ACCESS_DENIED', 'No username given');
        }
        $user = $this->ctx->store->userByName($username);
        if ($user === null) {
            throw new WebServiceException('ACCESS_DENIED', 'username does not exists');
        }
        $now = $this->ctx->clock->now();
        $token = uniqid();
        // One live token per user: a new challenge replaces the previous one.
        $this->ctx->db->prepare('DELETE FROM vtiger_ws_userauthtoken WHERE userid = ?')->execute([$user['id']]);
        $this->ctx->db->prepare('INSERT INTO vtiger_ws_userauthtoken (userid, token, expiretime) VALUES (?, ?, ?)')
            ->execute([$user['id'], $token, $now + self::TOKEN_LIFETIME]);
        return ['token' => $token, 'serverTime' => $now, 'expireTime' => $now + self::TOKEN_LIFETIME];
    }

    public function login(?string $username, ?string $accessKey): LoggedInUser
    {
        $user = $username === null ? null : $this->ctx->store->userByName($username);
        $token = $user === null ? null : $this->liveToken($user['id']);
        if ($token === null) {
            throw new WebServiceException('INVALID_AUTH_TOKEN', 'Specified token is invalid or expired');
        }
        if ($user['accesskey'] === '') {
            throw new WebServiceException('ACCESSKEY_UNDEFINED', 'Access key for the user is undefined');
        }
        if (strcmp(md5($token . $user['accesskey']), (string) $accessKey) !== 0 || $user['status'] !== 'Active') {
            throw new WebServiceException('INVALID_USER_CREDENTIALS', 'Invalid username or password');
        }
        return new LoggedInUser($user);
    }

    public function logout(?string $sessionName, ?array $user): array
    {
        if ($this->ctx->request->method !== 'POST') {
            throw new WebServiceException('OPERATION_NOT_SUPPORTED', 'Permission to perform the operation is denied');
        }
        $this->ctx->sessions->destroy((string) $this->ctx->sessionId);
        return ['message' => 'successfull'];
    }

    public function extendsession(): array
    {
        $sessionId = $this->ctx->sessionId;
        $userId = $sessionId === null ? null : $this->ctx->sessions->userOf($sessionId);
        if ($userId === null) {
            throw new WebServiceException('AUTHENTICATION_FAILURE', 'Authencation Failed');
        }
        return [
            'sessionName' => $sessionId, 'userId' => '19x' . $userId,
            'version' => OperationManager::API_VERSION, 'vtigerVersion' => OperationManager::VTIGER_VERSION,
        ];
    }

    private function liveToken(int $userId): ?string
    {
        $statement = $this->ctx->db->prepare(
            'SELECT token FROM vtiger_ws_userauthtoken WHERE userid = ? AND expiretime >= ?'
        );
        $statement->execute([$userId, $this->ctx->clock->now()]);
        $token = $statement->fetchColumn();
        return $token === false ? null : (string) $token;
    }
}
