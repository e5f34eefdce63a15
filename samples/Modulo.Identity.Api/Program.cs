using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Modulo.Identity.Api.ServiceDefaults;
using Modulo.Identity.Api.Todos;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOpenApi();
builder.Services.AddDbContext<TodoDb>(options => TodoDb.Configure(options, builder.Configuration.GetConnectionString("Todos")));
builder.Services.AddAuthorization();
builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<TodoDb>();

var app = builder.Build();
TodoDb.Prepare(app.Services);

app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi();
app.MapIdentityApi<IdentityUser>();
app.MapTodos();
app.MapDefaultEndpoints();

app.Run();
