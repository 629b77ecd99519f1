package dev.portrait.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record LoginRequest(
        @NotNull @Size(max = 254) String email,
        @NotNull @Size(max = 1024) String password) {}
