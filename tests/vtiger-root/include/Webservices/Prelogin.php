<?php

function vtws_registry_prelogin($username)
{
    return ['username' => $username];
}
